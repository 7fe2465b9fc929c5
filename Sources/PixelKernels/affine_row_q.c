// Restore's per-pixel loop in 16-bit fixed point (see pixel_kernels.h): one pixel at a time on any CPU
// (the reference), or sixteen at a time in AVX2, the interval lookups by byte shuffles (a cell's eight
// intervals of one value fill 16 bytes) and the linear values by gathers. affine_row_q512.c has the
// AVX-512 loop. Every step is integer arithmetic that each loop repeats exactly, so all give the same bytes;
// the tests check that on real photos.
#include "affine_q.h"

/// The row's slab as fixed-point tables: upper + step × weight (already scaled: gains ×4096, offsets
/// ×16384), clamped, rounded to nearest even.
static void quantize_slab(const relight_pk_affine_row_q *row) {
    const long count = (long)row->cells * RELIGHT_PK_CELL_FLOATS;
    const float weight = row->weight;
    for (long i = 0; i < count; i++) {
        float value = row->upper[i] + row->step[i] * weight;
        value = value < -32768.0f ? -32768.0f : value;
        value = value > 32767.0f ? 32767.0f : value;
        // Adding 1.5 × 2²³ leaves the value rounded to the nearest even integer in the mantissa
        // (|value| < 2²² here), as the vector loops' conversion rounds; no libm call per value.
        const float rounded = (value + 12582912.0f) - 12582912.0f;
        row->table[i] = (int16_t)rounded;
    }
}

static void affine_row_q_scalar(const relight_pk_affine_row_q *row, const uint8_t *source, uint8_t *destination) {
    const int channels = row->channels;
    for (int c = 0; c < row->cells; c++) {
        const int16_t *cell = row->table + (long)c * RELIGHT_PK_CELL_FLOATS;
        for (int x = row->cell_start[c]; x < row->cell_start[c + 1]; x++) {
            affine_pixel_q(row, cell, row->column_weight[x], source + (long)x * channels, destination + (long)x * channels);
        }
    }
}

#if defined(__x86_64__)
#include <immintrin.h>

int relight_pk_has_avx2(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

/// The r, g and b codes of sixteen pixels as 16-bit lanes.
__attribute__((target("avx2")))
static inline void load16(const uint8_t *p, int channels, __m256i *red, __m256i *green, __m256i *blue) {
    if (channels == 4) {
        const __m256i lo = _mm256_loadu_si256((const __m256i *)p), hi = _mm256_loadu_si256((const __m256i *)(p + 32));
        const __m256i ff = _mm256_set1_epi32(0xff);
        // 32-bit lanes r | g << 8 | b << 16 | a << 24; packus keeps 128-bit halves in place, so permute after.
        const __m256i r32 = _mm256_packus_epi32(_mm256_and_si256(lo, ff), _mm256_and_si256(hi, ff));
        const __m256i g32 = _mm256_packus_epi32(_mm256_and_si256(_mm256_srli_epi32(lo, 8), ff), _mm256_and_si256(_mm256_srli_epi32(hi, 8), ff));
        const __m256i b32 = _mm256_packus_epi32(_mm256_and_si256(_mm256_srli_epi32(lo, 16), ff), _mm256_and_si256(_mm256_srli_epi32(hi, 16), ff));
        *red = _mm256_permute4x64_epi64(r32, 0xD8);
        *green = _mm256_permute4x64_epi64(g32, 0xD8);
        *blue = _mm256_permute4x64_epi64(b32, 0xD8);
        return;
    }
    // 48 bytes, read exactly: three loads of 16.
    const __m128i v0 = _mm_loadu_si128((const __m128i *)p), v1 = _mm_loadu_si128((const __m128i *)(p + 16));
    const __m128i v2 = _mm_loadu_si128((const __m128i *)(p + 32));
    const __m128i r = _mm_or_si128(_mm_or_si128(
        _mm_shuffle_epi8(v0, _mm_setr_epi8(0, 3, 6, 9, 12, 15, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1)),
        _mm_shuffle_epi8(v1, _mm_setr_epi8(-1, -1, -1, -1, -1, -1, 2, 5, 8, 11, 14, -1, -1, -1, -1, -1))),
        _mm_shuffle_epi8(v2, _mm_setr_epi8(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1, 4, 7, 10, 13)));
    const __m128i g = _mm_or_si128(_mm_or_si128(
        _mm_shuffle_epi8(v0, _mm_setr_epi8(1, 4, 7, 10, 13, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1)),
        _mm_shuffle_epi8(v1, _mm_setr_epi8(-1, -1, -1, -1, -1, 0, 3, 6, 9, 12, 15, -1, -1, -1, -1, -1))),
        _mm_shuffle_epi8(v2, _mm_setr_epi8(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 2, 5, 8, 11, 14)));
    const __m128i b = _mm_or_si128(_mm_or_si128(
        _mm_shuffle_epi8(v0, _mm_setr_epi8(2, 5, 8, 11, 14, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1)),
        _mm_shuffle_epi8(v1, _mm_setr_epi8(-1, -1, -1, -1, -1, 1, 4, 7, 10, 13, -1, -1, -1, -1, -1, -1))),
        _mm_shuffle_epi8(v2, _mm_setr_epi8(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0, 3, 6, 9, 12, 15)));
    *red = _mm256_cvtepu8_epi16(r);
    *green = _mm256_cvtepu8_epi16(g);
    *blue = _mm256_cvtepu8_epi16(b);
}

/// Sixteen pixels from column `x` of `cell`: their sRGB table indices, to index[o] for output o.
__attribute__((target("avx2")))
static inline void affine16(const relight_pk_affine_row_q *row, const int16_t *cell, int x, const uint8_t *source,
                            uint16_t *index0, uint16_t *index1, uint16_t *index2) {
    const int channels = row->channels;
    const uint8_t *p = source + (long)x * channels;
    __m256i r, g, b;
    load16(p, channels, &r, &g, &b);
    const __m256i y = _mm256_add_epi16(_mm256_add_epi16(_mm256_mullo_epi16(r, _mm256_set1_epi16(RELIGHT_PK_LUMA_R)),
                                                        _mm256_mullo_epi16(g, _mm256_set1_epi16(RELIGHT_PK_LUMA_G))),
                                       _mm256_mullo_epi16(b, _mm256_set1_epi16(RELIGHT_PK_LUMA_B)));
    const __m256i z = _mm256_mulhi_epu16(y, _mm256_set1_epi16((short)row->luma_multiplier));
    const __m256i j = _mm256_min_epi16(_mm256_srli_epi16(z, 8), _mm256_set1_epi16((short)row->last_interval));
    const __m256i wz = _mm256_slli_epi16(_mm256_sub_epi16(z, _mm256_slli_epi16(j, 8)), 7);
    // Byte indices 2j and 2j + 1 in each 16-bit lane, for the shuffles.
    const __m256i pick = _mm256_add_epi16(_mm256_mullo_epi16(j, _mm256_set1_epi16(0x0202)), _mm256_set1_epi16(0x0100));
    const __m256i wx = _mm256_loadu_si256((const __m256i *)(row->column_weight + x));
    const int *table32 = (const int *)row->to_linear32;
#define GATHER(v) _mm256_permute4x64_epi64(_mm256_packus_epi32( \
        _mm256_i32gather_epi32(table32, _mm256_cvtepu16_epi32(_mm256_castsi256_si128(v)), 4), \
        _mm256_i32gather_epi32(table32, _mm256_cvtepu16_epi32(_mm256_extracti128_si256(v, 1)), 4)), 0xD8)
    const __m256i lr = GATHER(r), lg = GATHER(g), lb = GATHER(b);
#undef GATHER
    const __m256i rgLo = _mm256_unpacklo_epi16(lr, lg), rgHi = _mm256_unpackhi_epi16(lr, lg);
    const __m256i one = _mm256_set1_epi16(RELIGHT_PK_OFFSET_ONE);
    const __m256i bLo = _mm256_unpacklo_epi16(lb, one), bHi = _mm256_unpackhi_epi16(lb, one);
    uint16_t *index[3] = {index0, index1, index2};
    for (int o = 0; o < 3; o++) {
        __m256i c[4];
        for (int k = 0; k < 4; k++) {
#define LANES(t) _mm256_shuffle_epi8(_mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(cell + (((t) * 4 + k) * 3 + o) * 8))), pick)
            const __m256i P = LANES(0), Q = LANES(1), R = LANES(2), T = LANES(3);
#undef LANES
            const __m256i a = _mm256_adds_epi16(P, _mm256_mulhrs_epi16(Q, wz));
            const __m256i e = _mm256_adds_epi16(R, _mm256_mulhrs_epi16(T, wz));
            c[k] = _mm256_adds_epi16(a, _mm256_mulhrs_epi16(e, wx));
        }
        const __m256i lo = _mm256_add_epi32(_mm256_madd_epi16(_mm256_unpacklo_epi16(c[0], c[1]), rgLo),
                                            _mm256_madd_epi16(_mm256_unpacklo_epi16(c[2], c[3]), bLo));
        const __m256i hi = _mm256_add_epi32(_mm256_madd_epi16(_mm256_unpackhi_epi16(c[0], c[1]), rgHi),
                                            _mm256_madd_epi16(_mm256_unpackhi_epi16(c[2], c[3]), bHi));
        const __m256i round = _mm256_set1_epi32(2048), zero = _mm256_setzero_si256(), top = _mm256_set1_epi32(RELIGHT_PK_ENCODE_SCALE);
        const __m256i il = _mm256_min_epi32(_mm256_max_epi32(_mm256_srai_epi32(_mm256_add_epi32(lo, round), 12), zero), top);
        const __m256i ih = _mm256_min_epi32(_mm256_max_epi32(_mm256_srai_epi32(_mm256_add_epi32(hi, round), 12), zero), top);
        // Unpacking worked within 128-bit halves: lo holds pixels 0–3 and 8–11, hi 4–7 and 12–15; packing puts them back in order.
        _mm256_store_si256((__m256i *)index[o], _mm256_packus_epi32(il, ih));
    }
}

enum { GROUP = 16, CHUNK_GROUPS = 2 };

/// quantize_slab sixteen values at a time (the same arithmetic: no fused multiply-add, the same rounding to
/// nearest even after the clamp).
__attribute__((target("avx2")))
static void quantize_slab_avx2(const relight_pk_affine_row_q *row) {
    const long count = (long)row->cells * RELIGHT_PK_CELL_FLOATS;
    const __m256 low = _mm256_set1_ps(-32768.0f), high = _mm256_set1_ps(32767.0f), weight = _mm256_set1_ps(row->weight);
    for (long i = 0; i < count; i += 16) {
        const __m256 u0 = _mm256_loadu_ps(row->upper + i), u1 = _mm256_loadu_ps(row->upper + i + 8);
        const __m256 s0 = _mm256_loadu_ps(row->step + i), s1 = _mm256_loadu_ps(row->step + i + 8);
        const __m256 a = _mm256_min_ps(_mm256_max_ps(_mm256_add_ps(u0, _mm256_mul_ps(s0, weight)), low), high);
        const __m256 b = _mm256_min_ps(_mm256_max_ps(_mm256_add_ps(u1, _mm256_mul_ps(s1, weight)), low), high);
        const __m256i packed = _mm256_packs_epi32(_mm256_cvtps_epi32(a), _mm256_cvtps_epi32(b));
        _mm256_storeu_si256((__m256i *)(row->table + i), _mm256_permute4x64_epi64(packed, 0xD8));
    }
}

__attribute__((target("avx2")))
static void affine_row_q_avx2(const relight_pk_affine_row_q *row, const uint8_t *source, uint8_t *destination) {
    const int channels = row->channels;
    const uint8_t *encode = row->to_srgb;
    uint16_t index[3][GROUP * CHUNK_GROUPS] __attribute__((aligned(32)));
    uint16_t tail[3][GROUP] __attribute__((aligned(32)));
    for (int c = 0; c < row->cells; c++) {
        const int16_t *cell = row->table + (long)c * RELIGHT_PK_CELL_FLOATS;
        const int start = row->cell_start[c], end = row->cell_start[c + 1];
        if (end - start < GROUP) {
            for (int x = start; x < end; x++) {
                affine_pixel_q(row, cell, row->column_weight[x], source + (long)x * channels, destination + (long)x * channels);
            }
            continue;
        }
        // The cell's last sixteen pixels first, while they are all still inputs (the pass may run in place):
        // the groups below stop short of them, and only the pixels those did not cover are stored from here.
        const int last = end - GROUP, covered = start + (end - start) / GROUP * GROUP;
        if (covered < end) affine16(row, cell, last, source, tail[0], tail[1], tail[2]);
        int x = start;
        while (x < covered) {
            const int count = covered - x < GROUP * CHUNK_GROUPS ? covered - x : GROUP * CHUNK_GROUPS;
            // The arithmetic of the chunk first, its table lookups and byte stores after.
            for (int i = 0; i < count; i += GROUP) affine16(row, cell, x + i, source, index[0] + i, index[1] + i, index[2] + i);
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
        for (int i = covered - last; i < GROUP; i++) {
            uint8_t *q = destination + (long)(last + i) * channels;
            q[0] = encode[tail[0][i]];
            q[1] = encode[tail[1][i]];
            q[2] = encode[tail[2][i]];
            if (channels == 4) q[3] = source[(long)(last + i) * 4 + 3];
        }
    }
}
#else

int relight_pk_has_avx2(void) { return 0; }

#endif

void relight_pk_affine_row_q8(const relight_pk_affine_row_q *row, const uint8_t *source, uint8_t *destination, int level) {
#if defined(__x86_64__)
    if (level > 0) {
        quantize_slab_avx2(row);
        if (level > 1) return relight_pk_affine_row_q_avx512(row, source, destination);
        return affine_row_q_avx2(row, source, destination);
    }
#else
    (void)level;
#endif
    quantize_slab(row);
    affine_row_q_scalar(row, source, destination);
}
