// The local relight's full-resolution pass (see pixel_kernels.h): one sample at a time on any CPU, sixteen
// at a time in AVX2, 64 in AVX-512 (gain_row512.c). Every version does the Swift loop's integer arithmetic
// in RelightEngine+Apply.swift, so all give the same bytes; GainPassReferenceTests checks each.
#include "gain_row.h"

static void gain_row_scalar(const relight_pk_gain_row *row, const uint8_t *source, uint8_t *destination,
                            const int16_t *upper, const int16_t *lower, int32_t weight, long s) {
    const long samples = (long)row->width * 3;
    for (; s < samples; s++) {
        const int32_t gain = upper[s] + (((lower[s] - upper[s]) * weight) >> 8);
        destination[s] = row->to_srgb[((uint32_t)row->to_linear[source[s]] * (uint32_t)gain) >> 12];
    }
}

#if defined(__x86_64__)
#include <immintrin.h>

enum { SAMPLES = 16, CHUNK = 64 };

/// Sixteen samples' sRGB table indices, (linear × gain) >> 12, as 16-bit lanes: the linear values by
/// gathers from the 32-bit table, the gain blended as gain_row512.c does it (see blend32 there).
__attribute__((target("avx2")))
static inline __m256i gained16(const int *linear32, const uint8_t *source, const int16_t *upper, const int16_t *lower, __m256i wy) {
    const __m128i codes = _mm_loadu_si128((const __m128i *)source);
    const __m256i lo32 = _mm256_i32gather_epi32(linear32, _mm256_cvtepu8_epi32(codes), 4);
    const __m256i hi32 = _mm256_i32gather_epi32(linear32, _mm256_cvtepu8_epi32(_mm_srli_si128(codes, 8)), 4);
    const __m256i value = _mm256_permute4x64_epi64(_mm256_packus_epi32(lo32, hi32), 0xD8);
    const __m256i u = _mm256_loadu_si256((const __m256i *)upper), d = _mm256_sub_epi16(_mm256_loadu_si256((const __m256i *)lower), u);
    const __m256i blo = _mm256_mullo_epi16(d, wy), bhi = _mm256_mulhi_epi16(d, wy);
    const __m256i gain = _mm256_add_epi16(u, _mm256_or_si256(_mm256_slli_epi16(bhi, 8), _mm256_srli_epi16(blo, 8)));
    const __m256i plo = _mm256_mullo_epi16(value, gain), phi = _mm256_mulhi_epu16(value, gain);
    return _mm256_or_si256(_mm256_slli_epi16(phi, 4), _mm256_srli_epi16(plo, 12));
}

/// AVX2 has no byte gather and no register lookup as wide as the sRGB table, so a chunk's indices are
/// computed in vectors and its codes looked up one by one (loads from L1: the hot part is 16 KB).
__attribute__((target("avx2")))
static void gain_row_avx2(const relight_pk_gain_row *row, const uint8_t *source, uint8_t *destination,
                          const int16_t *upper, const int16_t *lower, int32_t weight) {
    const __m256i wy = _mm256_set1_epi16((short)weight);
    const int *linear32 = (const int *)row->to_linear32;
    const uint8_t *encode = row->to_srgb;
    uint16_t index[CHUNK] __attribute__((aligned(32)));
    const long samples = (long)row->width * 3;
    long s = 0;
    // Each chunk reads its samples before it writes them, so in place is fine.
    for (; s + CHUNK <= samples; s += CHUNK) {
        for (int i = 0; i < CHUNK; i += SAMPLES) {
            _mm256_store_si256((__m256i *)(index + i), gained16(linear32, source + s + i, upper + s + i, lower + s + i, wy));
        }
        for (int i = 0; i < CHUNK; i++) destination[s + i] = encode[index[i]];
    }
    gain_row_scalar(row, source, destination, upper, lower, weight, s);
}
#endif

void relight_pk_gain_row_u8(const relight_pk_gain_row *row, const uint8_t *source, uint8_t *destination,
                            const int16_t *upper, const int16_t *lower, int32_t weight, int level) {
#if defined(__x86_64__)
    if (level > 1) {
        relight_pk_gain_row_u8_avx512(row, source, destination, upper, lower, weight);
        return;
    }
    if (level > 0) {
        gain_row_avx2(row, source, destination, upper, lower, weight);
        return;
    }
#else
    (void)level;
#endif
    gain_row_scalar(row, source, destination, upper, lower, weight, 0);
}
