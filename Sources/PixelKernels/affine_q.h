// What the fixed-point restore kernels share (see affine_row_q.c): the scalar pixel, which is also
// their reference, and the AVX-512 row loop's entry point.
#ifndef RELIGHT_AFFINE_Q_H
#define RELIGHT_AFFINE_Q_H

#include "pixel_kernels.h"

/// x86's rounding high multiply (vpmulhrsw): x·y / 2¹⁵, rounded.
static inline int32_t mulhrs(int32_t x, int32_t y) { return ((x * y >> 14) + 1) >> 1; }

static inline int32_t saturate16(int32_t v) { return v < -32768 ? -32768 : v > 32767 ? 32767 : v; }

/// One pixel, scalar: the vector loop's tails, small images, and its reference.
static inline void affine_pixel_q(const relight_pk_affine_row_q *row, const int16_t *cell, int32_t wx,
                                  const uint8_t *p, uint8_t *q) {
    const int r = p[0], g = p[1], b = p[2];
    const uint32_t y = (uint32_t)(r * RELIGHT_PK_LUMA_R + g * RELIGHT_PK_LUMA_G + b * RELIGHT_PK_LUMA_B);
    const int32_t z = (int32_t)((y * row->luma_multiplier) >> 16);
    int32_t j = z >> 8;
    if (j > row->last_interval) j = row->last_interval;
    const int32_t wz = (z - (j << 8)) << 7;
    const int32_t linear[3] = {row->to_linear[r], row->to_linear[g], row->to_linear[b]};
    for (int o = 0; o < 3; o++) {
        int32_t c[4];
        for (int k = 0; k < 4; k++) {
            const int32_t P = cell[((0 * 4 + k) * 3 + o) * 8 + j], Q = cell[((1 * 4 + k) * 3 + o) * 8 + j];
            const int32_t R = cell[((2 * 4 + k) * 3 + o) * 8 + j], T = cell[((3 * 4 + k) * 3 + o) * 8 + j];
            const int32_t a = saturate16(P + mulhrs(Q, wz)), e = saturate16(R + mulhrs(T, wz));
            c[k] = saturate16(a + mulhrs(e, wx));
        }
        const int32_t out = c[0] * linear[0] + c[1] * linear[1] + c[2] * linear[2] + c[3] * RELIGHT_PK_OFFSET_ONE;
        int32_t index = (out + 2048) >> 12;
        if (index < 0) index = 0;
        if (index > RELIGHT_PK_ENCODE_SCALE) index = RELIGHT_PK_ENCODE_SCALE;
        q[o] = row->to_srgb[index];
    }
    if (row->channels == 4) q[3] = p[3];
}

/// The row loop in AVX-512 (F, BW, VL, VBMI), 32 pixels a step; only where relight_pk_has_avx512().
void relight_pk_affine_row_q_avx512(const relight_pk_affine_row_q *row, const uint8_t *source, uint8_t *destination);

#endif
