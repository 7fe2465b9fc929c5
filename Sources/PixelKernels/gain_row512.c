// The local relight's full-resolution pass in AVX-512 (F, BW, VL, VBMI): each 8-bit sample times its
// upsampled gain in linear light, back to sRGB. The linear values come from registers, the sRGB codes
// from a binary search in registers (lookups512.h), so there is no scalar load or store per sample; the
// same integer arithmetic as the Swift loop in RelightEngine+Apply.swift, so the same bytes.
#include "gain_row.h"
#include "lookups512.h"

#if defined(__x86_64__)

enum { SAMPLES = 32, PASS = 4 };

/// 32 samples' gains: the upper gain row blended towards the lower by wy/256, as the Swift loop does,
/// upper + ((lower - upper) × wy >> 8), in 16-bit lanes: the 32-bit product's bits 8…23 are the high
/// half's low byte and the low half's high byte, and the shifted product fits 16 bits (|lower - upper| ≤
/// 32767, wy ≤ 256), so they are all of it.
TARGET static inline __m512i blend32(const int16_t *upper, const int16_t *lower, __m512i wy) {
    const __m512i u = _mm512_loadu_si512(upper), d = _mm512_sub_epi16(_mm512_loadu_si512(lower), u);
    const __m512i lo = _mm512_mullo_epi16(d, wy), hi = _mm512_mulhi_epi16(d, wy);
    return _mm512_add_epi16(u, _mm512_or_si512(_mm512_slli_epi16(hi, 8), _mm512_srli_epi16(lo, 8)));
}

/// 32 samples' table indices: (linear × gain) >> 12, 16-bit lanes.
TARGET static inline __m512i gained32(const __m512i *linear, const uint8_t *source, const int16_t *upper, const int16_t *lower, __m512i wy) {
    const __m512i codes = _mm512_cvtepu8_epi16(_mm256_loadu_si256((const __m256i *)source));
    const __m512i value = lookup256(linear, codes);
    const __m512i gain = blend32(upper, lower, wy);
    const __m512i lo = _mm512_mullo_epi16(value, gain), hi = _mm512_mulhi_epu16(value, gain);
    return _mm512_or_si512(_mm512_slli_epi16(hi, 4), _mm512_srli_epi16(lo, 12));
}

TARGET void relight_pk_gain_row_u8_avx512(const relight_pk_gain_row *row, const uint8_t *source, uint8_t *destination,
                                   const int16_t *upper, const int16_t *lower, int32_t weight) {
    const __m512i wy = _mm512_set1_epi16((short)weight);
    __m512i linear[8], starts[12];
    for (int i = 0; i < 8; i++) linear[i] = _mm512_loadu_si512(row->to_linear + i * 32);
    load_starts(row->encode_starts, starts);
    const long samples = (long)row->width * 3;
    long s = 0;
    // In passes of four steps: the indices of all four, then their codes (the search is a long chain; the
    // four are independent). Each step reads its samples before it writes them, so in place is fine.
    for (; s + SAMPLES * PASS <= samples; s += SAMPLES * PASS) {
        __m512i index[PASS];
        for (int i = 0; i < PASS; i++) index[i] = gained32(linear, source + s + i * SAMPLES, upper + s + i * SAMPLES, lower + s + i * SAMPLES, wy);
        for (int i = 0; i < PASS; i++) _mm256_storeu_si256((__m256i *)(destination + s + i * SAMPLES), encode32(starts, index[i]));
    }
    for (; s + SAMPLES <= samples; s += SAMPLES) {
        _mm256_storeu_si256((__m256i *)(destination + s), encode32(starts, gained32(linear, source + s, upper + s, lower + s, wy)));
    }
    for (; s < samples; s++) {
        const int32_t gain = upper[s] + (((lower[s] - upper[s]) * weight) >> 8);
        destination[s] = row->to_srgb[((uint32_t)row->to_linear[source[s]] * (uint32_t)gain) >> 12];
    }
}

#else

void relight_pk_gain_row_u8_avx512(const relight_pk_gain_row *row, const uint8_t *source, uint8_t *destination,
                                   const int16_t *upper, const int16_t *lower, int32_t weight) {
    (void)row; (void)source; (void)destination; (void)upper; (void)lower; (void)weight;
}

#endif
