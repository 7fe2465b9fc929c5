// The restore's 8-bit full-resolution pass in 16-bit fixed point: one pixel at a time on any CPU (the
// reference), and in AVX2 and AVX-512 where the CPU has them. Swift has no per-function target features,
// so this loop is C with `target` attributes; every version does the same integer arithmetic, so all
// give the same bytes, which the tests check. The relight pass's gain-row upsampling (at the end) is
// float, rounded step by step as the Swift loop it replaced (the target is built with -ffp-contract=off).
// Every function here is pure: pointers in, pixels out, no allocation, no global state.
#ifndef RELIGHT_PIXEL_KERNELS_H
#define RELIGHT_PIXEL_KERNELS_H

#include <stdint.h>

/// 1 when this CPU (and its OS) runs the AVX2 + FMA kernels below, else 0.
int relight_pk_has_avx2(void);

/// 1 when it also runs the AVX-512 one (F, BW, VL and VBMI), else 0.
int relight_pk_has_avx512(void);

/// The interval lanes of one restore-grid cell, interpolated to one pixel row: 48 vectors of 8 floats,
/// vector ((t * 4 + k) * 3 + o) for term t (0 P, 1 Q, 2 R, 3 T: the transform at cell weights (wx, wz)
/// is P + wz·Q + wx·(R + wz·T)), input k (0 r, 1 g, 2 b, 3 offset) and output o (r, g, b); lane j is
/// luminance interval j (at most 8 intervals).
enum { RELIGHT_PK_CELL_FLOATS = 48 * 8 };

/// The 16-bit fixed-point restore (8-bit pixels): luma weights summing to 257 (so white is 65535), the
/// offset input's value (offsets are ×16384, gains ×4096, linear light ×16384), and the sRGB table's last index.
enum {
    RELIGHT_PK_LUMA_R = 55,
    RELIGHT_PK_LUMA_G = 184,
    RELIGHT_PK_LUMA_B = 18,
    RELIGHT_PK_OFFSET_ONE = 4096,
    RELIGHT_PK_ENCODE_SCALE = 16384,
};

typedef struct {
    /// `cells` × RELIGHT_PK_CELL_FLOATS floats each in the layout above, already in fixed-point units (gains
    /// ×4096, offsets ×16384): the grid row above the pixel row and the step to the one below. The row's slab
    /// is upper + step × weight (a multiply and an add, not fused), rounded to nearest even and clamped.
    const float *upper;
    const float *step;
    float weight;
    /// As many int16 values: scratch for the row's slab in fixed point, written here.
    int16_t *table;
    int cells;
    /// cells + 1 pixel columns: the first column of each cell, then the row's width.
    const int32_t *cell_start;
    /// Per pixel column, the weight of its cell's right vertex ×32767.
    const int16_t *column_weight;
    /// The last luminance interval (the grid's depth − 2) and (depth − 1) × 256: the luma's multiplier to intervals ×256.
    int last_interval;
    uint32_t luma_multiplier;
    /// 256 linear values ×16384 per 8-bit sRGB code.
    const uint16_t *to_linear;
    /// The same values as 32-bit integers, for gathers.
    const uint32_t *to_linear32;
    /// sRGB codes per linear value ×16384, RELIGHT_PK_ENCODE_SCALE + 1 entries.
    const uint8_t *to_srgb;
    /// to_linear and to_srgb as bytes for the AVX-512 loop (relight_pk_make_byte_tables).
    const struct relight_pk_byte_tables *byte_tables;
    int channels;
} relight_pk_affine_row_q;

/// A linear table and an sRGB table as bytes, for the AVX-512 loops' lookups in registers (64 a step); the
/// restore's pass and the relight's each have their own.
///
/// `to_linear` (256 values) as its low and high bytes. `to_srgb` as chunks with at most two code starts each:
/// values 0…16383 (larger ones are looked up as 16383, which must have their code) are split in blocks of
/// 256, block b = v >> 8 into chunks of 2^shift[b] values (at most 128; or 15 where the block has one code, so
/// that all its values fall in one chunk, shared by such blocks of that code); v's chunk is
/// offset[b] + (v >> shift[b]), its place in it v & mask[b], and its code base[chunk] + (place ≥ first[chunk])
/// + (place ≥ second[chunk]) (255 where the chunk has no such start). The restore's table needs 194 chunks,
/// the relight's 219 (at most 256).
typedef struct relight_pk_byte_tables {
    uint8_t linear_low[256], linear_high[256];
    int16_t shift[64], offset[64], mask[64];
    uint8_t base[256], first[256], second[256];
} relight_pk_byte_tables;

/// Fills `tables` from `to_linear` and `to_srgb` (`entries` codes, more than 16384); 0 when `to_srgb` cannot
/// be split so (a code skipped, more than 256 chunks, or a value past 16383 with another code), and then the
/// AVX-512 loops must not be used.
int relight_pk_make_byte_tables(const uint16_t *to_linear, const uint8_t *to_srgb, int entries, relight_pk_byte_tables *tables);

/// Restores one row of 8-bit RGB(A) pixels from `source` into `destination` (which may be the same
/// memory) in 16-bit fixed point: `level` 0 one pixel at a time (any CPU; the reference), 1 by AVX2,
/// 2 by AVX-512 (the CPU must have them, and `row->byte_tables` be made by relight_pk_make_byte_tables).
/// All give the same bytes.
void relight_pk_affine_row_q8(const relight_pk_affine_row_q *row, const uint8_t *source, uint8_t *destination, int level);

/// One row of the local relight's full-resolution pass (8-bit RGB, no alpha): sample s becomes
/// to_srgb[(to_linear[source[s]] × gain) >> 12], gain = upper[s] + ((lower[s] − upper[s]) × weight >> 8),
/// the two gain-map rows around it upsampled (0…32767, ×4096) and weight 0…256.
typedef struct {
    int width;
    /// 256 linear values (×8192) per 8-bit code.
    const uint16_t *to_linear;
    /// The same values as 32-bit integers, for gathers.
    const uint32_t *to_linear32;
    /// The 65536-entry sRGB table.
    const uint8_t *to_srgb;
    /// Both tables as bytes for the AVX-512 loop (relight_pk_make_byte_tables).
    const struct relight_pk_byte_tables *byte_tables;
} relight_pk_gain_row;

/// Relights one row: `level` 0 one sample at a time (any CPU), 1 by AVX2, 2 by AVX-512 (the CPU must have
/// them, and `row->byte_tables` be made by relight_pk_make_byte_tables); all give the same bytes. `destination` may be `source`. `upper` and `lower` are the two
/// upsampled gain-map rows (1/4096 steps, 0…32767), blended by weight/256.
void relight_pk_gain_row_u8(const relight_pk_gain_row *row, const uint8_t *source, uint8_t *destination,
                            const int16_t *upper, const int16_t *lower, int32_t weight, int level);

/// Gain-map row `gains` (`cells` RGB gains, four floats each, the fourth unused) upsampled to full width
/// for relight_pk_gain_row_u8: column x of cell c (cell_start[c] ≤ x < cell_start[c + 1]) gets
/// min((a + (b − a) · fractions[x]) · 4096, 32767) truncated, a and b the gains of cell c and the next
/// (the last cell's next is itself); cells that start no column are skipped. `out` holds 3 × width + 1
/// values: the one past the row is scratch. Gains are at least 0 (the map clamps them).
void relight_pk_upsample_gains(const float *gains, int cells, const int32_t *cell_start, const float *fractions, int16_t *out);

#endif
