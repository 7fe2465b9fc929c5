// Restore's per-pixel loop (see pixel_kernels.h), eight pixels at a time in AVX2.
//
// It mirrors the Swift `AffineGrid.run` operation for operation: no fused multiply-adds (they round
// once instead of twice), the same order of additions, round-to-nearest-even indices. So its bytes
// equal the portable kernel's, which the tests check on real photos.
#include "pixel_kernels.h"

#pragma clang fp contract(off)

/// One pixel, as the Swift kernel computes it: the vector loop's tail and its reference.
static inline void affine_pixel(const relight_pk_affine_row *row, const float *cell, float wx, const uint8_t *p, uint8_t *q) {
    const int r = p[0], g = p[1], b = p[2];
    const float ls = row->luma_scale;
    const float z = ((float)r * 0.2126f * ls + (float)g * 0.7152f * ls) + (float)b * 0.0722f * ls;
    int j = (int)__builtin_rintf(z - 0.5f);
    if (j > row->last_interval) j = row->last_interval;
    const float wz = z - (float)j;
    const float lr = row->to_linear[r], lg = row->to_linear[g], lb = row->to_linear[b];
    uint8_t out[3];
    for (int o = 0; o < 3; o++) {
        float c[4];
        for (int k = 0; k < 4; k++) {
            const float P = cell[((0 * 4 + k) * 3 + o) * 8 + j], Q = cell[((1 * 4 + k) * 3 + o) * 8 + j];
            const float R = cell[((2 * 4 + k) * 3 + o) * 8 + j], T = cell[((3 * 4 + k) * 3 + o) * 8 + j];
            c[k] = (P + Q * wz) + (R + T * wz) * wx;
        }
        float s = (((c[0] * lr + c[1] * lg) + c[2] * lb) + c[3]) * row->scale;
        if (s < 0) s = 0;
        if (s > row->scale) s = row->scale;
        out[o] = row->to_srgb[(int)__builtin_rintf(s)];
    }
    q[0] = out[0];
    q[1] = out[1];
    q[2] = out[2];
    if (row->channels == 4) q[3] = p[3];
}

#if defined(__x86_64__)
#include <immintrin.h>

int relight_pk_has_avx2(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

/// The r, g and b codes of eight pixels as 32-bit lanes.
__attribute__((target("avx2,fma")))
static inline void load8(const uint8_t *p, int channels, __m256i *r, __m256i *g, __m256i *b) {
    if (channels == 4) {
        const __m256i v = _mm256_loadu_si256((const __m256i *)p), ff = _mm256_set1_epi32(0xff);
        *r = _mm256_and_si256(v, ff);
        *g = _mm256_and_si256(_mm256_srli_epi32(v, 8), ff);
        *b = _mm256_and_si256(_mm256_srli_epi32(v, 16), ff);
        return;
    }
    // 24 bytes, read exactly: 16, then 8.
    const __m128i lo = _mm_loadu_si128((const __m128i *)p), hi = _mm_loadl_epi64((const __m128i *)(p + 16));
    const __m128i rl = _mm_shuffle_epi8(lo, _mm_setr_epi8(0, 3, 6, 9, 12, 15, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1));
    const __m128i rh = _mm_shuffle_epi8(hi, _mm_setr_epi8(-1, -1, -1, -1, -1, -1, 2, 5, -1, -1, -1, -1, -1, -1, -1, -1));
    const __m128i gl = _mm_shuffle_epi8(lo, _mm_setr_epi8(1, 4, 7, 10, 13, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1));
    const __m128i gh = _mm_shuffle_epi8(hi, _mm_setr_epi8(-1, -1, -1, -1, -1, 0, 3, 6, -1, -1, -1, -1, -1, -1, -1, -1));
    const __m128i bl = _mm_shuffle_epi8(lo, _mm_setr_epi8(2, 5, 8, 11, 14, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1));
    const __m128i bh = _mm_shuffle_epi8(hi, _mm_setr_epi8(-1, -1, -1, -1, -1, 1, 4, 7, -1, -1, -1, -1, -1, -1, -1, -1));
    *r = _mm256_cvtepu8_epi32(_mm_or_si128(rl, rh));
    *g = _mm256_cvtepu8_epi32(_mm_or_si128(gl, gh));
    *b = _mm256_cvtepu8_epi32(_mm_or_si128(bl, bh));
}

/// Constants of one row's pass, as vectors.
typedef struct {
    __m256 luma_scale, half, kr, kg, kb, scale, zero;
    __m256i last;
} affine_constants;

/// Eight pixels at column `x` of `cell`: their indices into the sRGB table, stored to index[o] for output o.
__attribute__((target("avx2,fma")))
static inline void affine8(const relight_pk_affine_row *row, const affine_constants *k, const float *cell, int x,
                           const uint8_t *source, int32_t *index0, int32_t *index1, int32_t *index2) {
    const int channels = row->channels;
    const uint8_t *p = source + (long)x * channels;
    __m256i ri, gi, bi;
    load8(p, channels, &ri, &gi, &bi);
    const __m256 rf = _mm256_cvtepi32_ps(ri), gf = _mm256_cvtepi32_ps(gi), bf = _mm256_cvtepi32_ps(bi);
    const __m256 ls = k->luma_scale;
    const __m256 z = _mm256_add_ps(
        _mm256_add_ps(_mm256_mul_ps(_mm256_mul_ps(rf, k->kr), ls), _mm256_mul_ps(_mm256_mul_ps(gf, k->kg), ls)),
        _mm256_mul_ps(_mm256_mul_ps(bf, k->kb), ls));
    const __m256i j = _mm256_min_epi32(_mm256_cvtps_epi32(_mm256_sub_ps(z, k->half)), k->last);
    const __m256 wz = _mm256_sub_ps(z, _mm256_cvtepi32_ps(j));
    const __m256 wx = _mm256_loadu_ps(row->column_weight + x);
    // Linear values by scalar loads: on AMD Zen a gather costs more than its 8 loads (and was no faster here).
    float linear[3][8] __attribute__((aligned(32)));
    for (int i = 0; i < 8; i++) {
        linear[0][i] = row->to_linear[p[i * channels]];
        linear[1][i] = row->to_linear[p[i * channels + 1]];
        linear[2][i] = row->to_linear[p[i * channels + 2]];
    }
    const __m256 lr = _mm256_load_ps(linear[0]), lg = _mm256_load_ps(linear[1]), lb = _mm256_load_ps(linear[2]);
    int32_t *index[3] = {index0, index1, index2};
    for (int o = 0; o < 3; o++) {
        __m256 coefficient[4];
        for (int i = 0; i < 4; i++) {
            const __m256 P = _mm256_permutevar8x32_ps(_mm256_loadu_ps(cell + ((0 * 4 + i) * 3 + o) * 8), j);
            const __m256 Q = _mm256_permutevar8x32_ps(_mm256_loadu_ps(cell + ((1 * 4 + i) * 3 + o) * 8), j);
            const __m256 R = _mm256_permutevar8x32_ps(_mm256_loadu_ps(cell + ((2 * 4 + i) * 3 + o) * 8), j);
            const __m256 T = _mm256_permutevar8x32_ps(_mm256_loadu_ps(cell + ((3 * 4 + i) * 3 + o) * 8), j);
            coefficient[i] = _mm256_add_ps(
                _mm256_add_ps(P, _mm256_mul_ps(Q, wz)), _mm256_mul_ps(_mm256_add_ps(R, _mm256_mul_ps(T, wz)), wx));
        }
        const __m256 out = _mm256_add_ps(
            _mm256_add_ps(_mm256_add_ps(_mm256_mul_ps(coefficient[0], lr), _mm256_mul_ps(coefficient[1], lg)),
                          _mm256_mul_ps(coefficient[2], lb)),
            coefficient[3]);
        const __m256 s = _mm256_min_ps(_mm256_max_ps(_mm256_mul_ps(out, k->scale), k->zero), k->scale);
        _mm256_store_si256((__m256i *)index[o], _mm256_cvtps_epi32(s));
    }
}

/// Pixels per chunk: the vector arithmetic of a chunk runs first, its table lookups and byte stores after.
/// Apart, each part overlaps with itself (the arithmetic of four groups is independent); mixed, the long
/// arithmetic chain of each group stalled the stores behind it. About 8 % faster on AMD EPYC.
enum { CHUNK = 32 };

__attribute__((target("avx2,fma")))
void relight_pk_affine_row_u8(const relight_pk_affine_row *row, const uint8_t *source, uint8_t *destination) {
    const int channels = row->channels;
    const affine_constants k = {
        .luma_scale = _mm256_set1_ps(row->luma_scale), .half = _mm256_set1_ps(0.5f), .kr = _mm256_set1_ps(0.2126f),
        .kg = _mm256_set1_ps(0.7152f), .kb = _mm256_set1_ps(0.0722f), .scale = _mm256_set1_ps(row->scale),
        .zero = _mm256_setzero_ps(), .last = _mm256_set1_epi32(row->last_interval)};
    const uint8_t *encode = row->to_srgb;
    for (int c = 0; c < row->cells; c++) {
        const float *cell = row->slab + (long)c * RELIGHT_PK_CELL_FLOATS;
        int x = row->cell_start[c];
        const int end = row->cell_start[c + 1];
        while (x + 8 <= end) {
            const int count = (end - x) / 8 * 8 < CHUNK ? (end - x) / 8 * 8 : CHUNK;
            int32_t index[3][CHUNK] __attribute__((aligned(32)));
            for (int i = 0; i < count; i += 8) affine8(row, &k, cell, x + i, source, index[0] + i, index[1] + i, index[2] + i);
            // The sRGB codes by scalar loads too.
            const uint8_t *p = source + (long)x * channels;
            uint8_t *q = destination + (long)x * channels;
            for (int i = 0; i < count; i++) {
                q[i * channels] = encode[index[0][i]];
                q[i * channels + 1] = encode[index[1][i]];
                q[i * channels + 2] = encode[index[2][i]];
            }
            if (channels == 4 && q != p) {
                for (int i = 0; i < count; i++) q[i * 4 + 3] = p[i * 4 + 3];
            }
            x += count;
        }
        for (; x < end; x++) {
            affine_pixel(row, cell, row->column_weight[x], source + (long)x * channels, destination + (long)x * channels);
        }
    }
}

#else

int relight_pk_has_avx2(void) { return 0; }

/// Never called where relight_pk_has_avx2() is 0; kept so that the symbol exists on every platform.
void relight_pk_affine_row_u8(const relight_pk_affine_row *row, const uint8_t *source, uint8_t *destination) {
    for (int c = 0; c < row->cells; c++) {
        const float *cell = row->slab + (long)c * RELIGHT_PK_CELL_FLOATS;
        for (int x = row->cell_start[c]; x < row->cell_start[c + 1]; x++) {
            affine_pixel(row, cell, row->column_weight[x], source + (long)x * row->channels, destination + (long)x * row->channels);
        }
    }
}

#endif
