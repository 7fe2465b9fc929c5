// The full-resolution pixel loops in AVX2, for CPUs that have it (x86-64 since about 2015). Swift has
// no per-function target features, so these few loops are C with `target` attributes; the Swift
// kernels they mirror stay the portable path and the reference the tests compare them with.
// Every function here is pure: pointers in, pixels out, no allocation, no global state.
#ifndef RELIGHT_PIXEL_KERNELS_H
#define RELIGHT_PIXEL_KERNELS_H

#include <stdint.h>

/// 1 when this CPU (and its OS) runs the AVX2 + FMA kernels below, else 0.
int relight_pk_has_avx2(void);

/// The interval lanes of one restore-grid cell, interpolated to one pixel row: 48 vectors of 8 floats,
/// vector ((t * 4 + k) * 3 + o) for term t (0 P, 1 Q, 2 R, 3 T: the transform at cell weights (wx, wz)
/// is P + wz·Q + wx·(R + wz·T)), input k (0 r, 1 g, 2 b, 3 offset) and output o (r, g, b); lane j is
/// luminance interval j (at most 8 intervals).
enum { RELIGHT_PK_CELL_FLOATS = 48 * 8 };

typedef struct {
    /// `cells` × RELIGHT_PK_CELL_FLOATS floats: the row's slab in the layout above.
    const float *slab;
    int cells;
    /// cells + 1 pixel columns: the first column of each cell, then the row's width.
    const int32_t *cell_start;
    /// Per pixel column, the weight of its cell's right vertex.
    const float *column_weight;
    /// The last luminance interval (the grid's depth − 2) and luminance units per 8-bit code, (depth − 1) / 255.
    int last_interval;
    float luma_scale;
    /// 256 linear values per 8-bit sRGB code.
    const float *to_linear;
    /// sRGB codes per linear value × `scale`, `scale` + 1 entries.
    const uint8_t *to_srgb;
    float scale;
    int channels;
} relight_pk_affine_row;

/// Restores one row of 8-bit RGB(A) pixels from `source` into `destination` (which may be the same
/// memory): the same arithmetic, in the same order, as the Swift `AffineGrid.run`, so the bytes match.
void relight_pk_affine_row_u8(const relight_pk_affine_row *row, const uint8_t *source, uint8_t *destination);

#endif
