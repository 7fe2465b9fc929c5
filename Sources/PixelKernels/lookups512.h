// Table lookups held in AVX-512 registers (F, BW, VL, VBMI), shared by the restore's and the relight's
// full-resolution loops: the 256 linear values of the 8-bit codes, and a table's sRGB codes found by a
// binary search of where each code starts. Both exact: the same values as the tables in memory.
#ifndef RELIGHT_LOOKUPS512_H
#define RELIGHT_LOOKUPS512_H
#if defined(__x86_64__)
#include <immintrin.h>
#include <stdint.h>

#define TARGET __attribute__((target("avx2,avx512f,avx512bw,avx512vl,avx512vbmi")))

/// 256 16-bit entries held in eight registers, looked up by the low 8 bits of each lane of `index`.
TARGET static inline __m512i lookup256(const __m512i *table, __m512i index) {
    const __m512i a = _mm512_permutex2var_epi16(table[0], index, table[1]);
    const __m512i b = _mm512_permutex2var_epi16(table[2], index, table[3]);
    const __m512i c = _mm512_permutex2var_epi16(table[4], index, table[5]);
    const __m512i d = _mm512_permutex2var_epi16(table[6], index, table[7]);
    const __mmask32 bit6 = _mm512_test_epi16_mask(index, _mm512_set1_epi16(64));
    const __mmask32 bit7 = _mm512_test_epi16_mask(index, _mm512_set1_epi16(128));
    return _mm512_mask_blend_epi16(bit7, _mm512_mask_blend_epi16(bit6, a, b), _mm512_mask_blend_epi16(bit6, c, d));
}

/// The codes of 32 indices (16-bit lanes) into a rising table of bytes from 0 to 255: a branch-free binary
/// search of the indices at which each code starts, given as 384 values in `starts` (12 registers; the
/// layout of relight_pk_affine_row_q.encode_starts), each step's candidates in registers.
TARGET static inline __m256i encode32(const __m512i *starts, __m512i index) {
    __m512i code = _mm512_setzero_si512();
    for (int level = 0; level < 6; level++) {
        const __m512i start = _mm512_permutexvar_epi16(_mm512_srli_epi16(code, 8 - level), starts[level]);
        code = _mm512_mask_add_epi16(code, _mm512_cmpge_epu16_mask(index, start), code, _mm512_set1_epi16(128 >> level));
    }
    const __m512i start6 = _mm512_permutex2var_epi16(starts[6], _mm512_srli_epi16(code, 2), starts[7]);
    code = _mm512_mask_add_epi16(code, _mm512_cmpge_epu16_mask(index, start6), code, _mm512_set1_epi16(2));
    const __m512i m = _mm512_srli_epi16(code, 1);
    const __m512i start7 = _mm512_mask_blend_epi16(_mm512_test_epi16_mask(m, _mm512_set1_epi16(64)),
                                                   _mm512_permutex2var_epi16(starts[8], m, starts[9]),
                                                   _mm512_permutex2var_epi16(starts[10], m, starts[11]));
    code = _mm512_mask_add_epi16(code, _mm512_cmpge_epu16_mask(index, start7), code, _mm512_set1_epi16(1));
    return _mm512_cvtepi16_epi8(code);
}

/// The twelve registers of a table's code starts (384 values).
TARGET static inline void load_starts(const uint16_t *starts, __m512i *registers) {
    for (int i = 0; i < 12; i++) registers[i] = _mm512_loadu_si512(starts + i * 32);
}

#endif
#endif
