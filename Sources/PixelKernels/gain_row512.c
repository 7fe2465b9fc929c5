// The local relight's full-resolution pass in AVX-512 (F, BW, VL, VBMI): each 8-bit sample times its
// upsampled gain in linear light, back to sRGB, 64 samples a step. The linear values and the sRGB codes
// are looked up 64 bytes at a time in tables held in registers (relight_pk_byte_tables, lookups512.h), so
// there is no scalar load or store per sample; the same integer arithmetic as the Swift loop in
// RelightEngine+Apply.swift, so the same bytes.
#include "gain_row.h"
#include "lookups512.h"

#if defined(__x86_64__)

enum { SAMPLES = 64, PASS = 2 };

typedef struct {
    linear_tables linear;
    /// Byte picks that put 64 values' low and high bytes together as two registers of 16-bit lanes.
    __m512i pairs[2];
    chunk_tables chunks;
} gain_constants;

/// 32 samples' gains: the upper gain row blended towards the lower by wy/256, as the Swift loop does,
/// upper + ((lower - upper) × wy >> 8), in 16-bit lanes: the 32-bit product's bits 8…23 are the high
/// half's low byte and the low half's high byte, and the shifted product fits 16 bits (|lower - upper| ≤
/// 32767, wy ≤ 256), so they are all of it.
TARGET static inline __m512i blend32(const int16_t *upper, const int16_t *lower, __m512i wy) {
    const __m512i u = _mm512_loadu_si512(upper), d = _mm512_sub_epi16(_mm512_loadu_si512(lower), u);
    const __m512i lo = _mm512_mullo_epi16(d, wy), hi = _mm512_mulhi_epi16(d, wy);
    return _mm512_add_epi16(u, _mm512_or_si512(_mm512_slli_epi16(hi, 8), _mm512_srli_epi16(lo, 8)));
}

/// 32 samples' table indices from their linear values: (linear × gain) >> 12, at most 16383 (the byte
/// tables look larger ones up as 16383, whose code they have: white).
TARGET static inline __m512i gained32(__m512i value, const int16_t *upper, const int16_t *lower, __m512i wy) {
    const __m512i gain = blend32(upper, lower, wy);
    const __m512i lo = _mm512_mullo_epi16(value, gain), hi = _mm512_mulhi_epu16(value, gain);
    return _mm512_min_epu16(_mm512_or_si512(_mm512_slli_epi16(hi, 4), _mm512_srli_epi16(lo, 12)), _mm512_set1_epi16(16383));
}

/// 64 samples' indices, in two registers of 32.
TARGET static inline void gained64(const gain_constants *k, const uint8_t *source, const int16_t *upper, const int16_t *lower,
                                   __m512i wy, __m512i *first, __m512i *second) {
    const __m512i codes = _mm512_loadu_si512(source);
    __m512i low, high;
    linear64(&k->linear, codes, &low, &high);
    *first = gained32(_mm512_permutex2var_epi8(low, k->pairs[0], high), upper, lower, wy);
    *second = gained32(_mm512_permutex2var_epi8(low, k->pairs[1], high), upper + 32, lower + 32, wy);
}

TARGET void relight_pk_gain_row_u8_avx512(const relight_pk_gain_row *row, const uint8_t *source, uint8_t *destination,
                                   const int16_t *upper, const int16_t *lower, int32_t weight) {
    const __m512i wy = _mm512_set1_epi16((short)weight);
    gain_constants k;
    load_linear(row->byte_tables, &k.linear);
    uint8_t pairs[2][64];
    for (int i = 0; i < 64; i++) {
        const int value = i / 2, high = i % 2;
        pairs[0][i] = (uint8_t)(value + 64 * high);
        pairs[1][i] = (uint8_t)(32 + value + 64 * high);
    }
    k.pairs[0] = _mm512_loadu_si512(pairs[0]);
    k.pairs[1] = _mm512_loadu_si512(pairs[1]);
    load_chunks(row->byte_tables, &k.chunks);
    const long samples = (long)row->width * 3;
    long s = 0;
    // In passes of two steps: the indices of both, then their codes (each a chain of dependent permutes; the
    // two are independent). Each step reads its samples before it writes them, so in place is fine.
    for (; s + SAMPLES * PASS <= samples; s += SAMPLES * PASS) {
        __m512i index[PASS][2];
        for (int i = 0; i < PASS; i++) {
            const long at = s + i * SAMPLES;
            gained64(&k, source + at, upper + at, lower + at, wy, &index[i][0], &index[i][1]);
        }
        for (int i = 0; i < PASS; i++) {
            _mm512_storeu_si512(destination + s + i * SAMPLES, codes2x32(&k.chunks, index[i][0], index[i][1]));
        }
    }
    for (; s + SAMPLES <= samples; s += SAMPLES) {
        __m512i first, second;
        gained64(&k, source + s, upper + s, lower + s, wy, &first, &second);
        _mm512_storeu_si512(destination + s, codes2x32(&k.chunks, first, second));
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
