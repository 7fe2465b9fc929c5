// One gain-map row upsampled to full width for the relight pass (see pixel_kernels.h). The Swift loop it
// replaces spent a third as long as the pass itself on a 24 MP photo: per column a float blend, a clamp
// and three checked conversions. Here each column is one four-lane blend and one eight-byte store.
#include "pixel_kernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

void relight_pk_upsample_gains(const float *gains, int cells, const int32_t *cell_start, const float *fractions, int16_t *out) {
    const __m128 scale = _mm_set1_ps(4096.0f), ceiling = _mm_set1_ps(32767.0f);
    for (int c = 0; c < cells; c++) {
        if (cell_start[c] >= cell_start[c + 1]) continue;
        const int next = c + 1 < cells ? c + 1 : cells - 1;
        const __m128 a = _mm_loadu_ps(gains + (long)c * 4);
        const __m128 step = _mm_sub_ps(_mm_loadu_ps(gains + (long)next * 4), a);
        for (int x = cell_start[c]; x < cell_start[c + 1]; x++) {
            // Separate multiply and add, rounded each (as the Swift loop did): no fused multiply-add.
            const __m128 value = _mm_min_ps(_mm_mul_ps(_mm_add_ps(a, _mm_mul_ps(step, _mm_set1_ps(fractions[x]))), scale), ceiling);
            const __m128i lanes = _mm_cvttps_epi32(value);
            // Four values stored, three kept: the fourth is the next column's first (or the spare one).
            _mm_storel_epi64((__m128i *)(out + (long)x * 3), _mm_packs_epi32(lanes, lanes));
        }
    }
}
#else
#pragma STDC FP_CONTRACT OFF
void relight_pk_upsample_gains(const float *gains, int cells, const int32_t *cell_start, const float *fractions, int16_t *out) {
    for (int c = 0; c < cells; c++) {
        const int next = c + 1 < cells ? c + 1 : cells - 1;
        for (int x = cell_start[c]; x < cell_start[c + 1]; x++) {
            for (int k = 0; k < 3; k++) {
                const float a = gains[(long)c * 4 + k], step = gains[(long)next * 4 + k] - a;
                const float blended = step * fractions[x];
                float value = (a + blended) * 4096.0f;
                value = value < 32767.0f ? value : 32767.0f;
                out[(long)x * 3 + k] = (int16_t)value;
            }
        }
    }
}
#endif
