// Table lookups held in AVX-512 registers (F, BW, VL, VBMI), shared by the restore's and the relight's
// full-resolution loops, 64 bytes at a time: the linear values of the 8-bit codes (their low and high
// bytes), and the sRGB codes of linear values from a table's chunks (relight_pk_byte_tables). Both exact:
// the same values as the tables in memory.
#ifndef RELIGHT_LOOKUPS512_H
#define RELIGHT_LOOKUPS512_H
#if defined(__x86_64__)
#include <immintrin.h>
#include <stdint.h>
#include "pixel_kernels.h"

#define TARGET __attribute__((target("avx2,avx512f,avx512bw,avx512vl,avx512vbmi")))

/// 64 bytes of a 256-byte table held in four registers; `upper`: the indices with their top bit set.
TARGET static inline __m512i bytes256(const __m512i *table, __m512i index, __mmask64 upper) {
    return _mm512_mask_blend_epi8(upper, _mm512_permutex2var_epi8(table[0], index, table[1]),
                                  _mm512_permutex2var_epi8(table[2], index, table[3]));
}

/// The linear table of relight_pk_byte_tables held in registers: its low and high bytes.
typedef struct {
    __m512i low[4], high[4];
} linear_tables;

TARGET static inline void load_linear(const relight_pk_byte_tables *c, linear_tables *t) {
    for (int i = 0; i < 4; i++) {
        t->low[i] = _mm512_loadu_si512(c->linear_low + i * 64);
        t->high[i] = _mm512_loadu_si512(c->linear_high + i * 64);
    }
}

/// The low and high bytes of 64 codes' linear values.
TARGET static inline void linear64(const linear_tables *t, __m512i codes, __m512i *low, __m512i *high) {
    const __mmask64 upper = _mm512_movepi8_mask(codes);
    *low = bytes256(t->low, codes, upper);
    *high = bytes256(t->high, codes, upper);
}

/// The sRGB chunks of relight_pk_byte_tables held in registers, and the byte picks that narrow two registers
/// of 16-bit lanes (below 256) to one of bytes.
typedef struct {
    __m512i shift[2], offset[2], mask[2], base[4], first[4], second[4], evens;
} chunk_tables;

TARGET static inline void load_chunks(const relight_pk_byte_tables *c, chunk_tables *t) {
    for (int i = 0; i < 2; i++) {
        t->shift[i] = _mm512_loadu_si512(c->shift + i * 32);
        t->offset[i] = _mm512_loadu_si512(c->offset + i * 32);
        t->mask[i] = _mm512_loadu_si512(c->mask + i * 32);
    }
    for (int i = 0; i < 4; i++) {
        t->base[i] = _mm512_loadu_si512(c->base + i * 64);
        t->first[i] = _mm512_loadu_si512(c->first + i * 64);
        t->second[i] = _mm512_loadu_si512(c->second + i * 64);
    }
    uint8_t evens[64];
    for (int i = 0; i < 64; i++) evens[i] = (uint8_t)(i < 32 ? 2 * i : 64 + 2 * (i - 32));
    t->evens = _mm512_loadu_si512(evens);
}

/// The chunk of each of 32 values (0…16383, 16-bit lanes) and the value's place in it.
TARGET static inline void chunk_of(const chunk_tables *t, __m512i v, __m512i *chunk, __m512i *place) {
    const __m512i block = _mm512_srli_epi16(v, 8);
    const __m512i shift = _mm512_permutex2var_epi16(t->shift[0], block, t->shift[1]);
    *chunk = _mm512_add_epi16(_mm512_srlv_epi16(v, shift), _mm512_permutex2var_epi16(t->offset[0], block, t->offset[1]));
    *place = _mm512_and_si512(v, _mm512_permutex2var_epi16(t->mask[0], block, t->mask[1]));
}

/// The codes of 64 values given as their chunks and places (bytes).
TARGET static inline __m512i codes64(const chunk_tables *t, __m512i chunk, __m512i place) {
    const __mmask64 upper = _mm512_movepi8_mask(chunk);
    const __m512i one = _mm512_set1_epi8(1);
    __m512i code = bytes256(t->base, chunk, upper);
    code = _mm512_mask_add_epi8(code, _mm512_cmpge_epu8_mask(place, bytes256(t->first, chunk, upper)), code, one);
    return _mm512_mask_add_epi8(code, _mm512_cmpge_epu8_mask(place, bytes256(t->second, chunk, upper)), code, one);
}

/// The codes of two registers of 32 values each: the first's in the low half, the second's in the high half.
TARGET static inline __m512i codes2x32(const chunk_tables *t, __m512i a, __m512i b) {
    __m512i ca, pa, cb, pb;
    chunk_of(t, a, &ca, &pa);
    chunk_of(t, b, &cb, &pb);
    return codes64(t, _mm512_permutex2var_epi8(ca, t->evens, cb), _mm512_permutex2var_epi8(pa, t->evens, pb));
}

#endif
#endif
