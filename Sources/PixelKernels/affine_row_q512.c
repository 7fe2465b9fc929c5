// The fixed-point restore loop in AVX-512 (F, BW, VL and VBMI: AMD Zen 4, Intel Ice Lake and later),
// 32 pixels a step, with no scalar loads or stores per pixel: bytes are split into channels and joined
// again by byte permutes; the linear values are looked up 64 bytes at a time (their low and high bytes
// from two 256-byte tables held in registers), and the sRGB codes too, from the table's chunks
// (relight_pk_byte_tables): 40 % fewer instructions than the binary search of where each code starts
// that this loop used before (gathers from the table were slower still). The same integer arithmetic as
// affine_pixel_q, so the same bytes.
#include "affine_q.h"
#include "lookups512.h"

#if defined(__x86_64__)
#include <immintrin.h>

int relight_pk_has_avx512(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
           __builtin_cpu_supports("avx512vbmi");
}

enum { STEP = 32, CHUNK = 4 };
_Static_assert(CHUNK % 2 == 0, "the steps' blue codes are found two steps at a time");

/// Byte indices that pick channel `c` of 32 pixels of `channels` bytes from two 64-byte registers into the
/// low half, and channel `d` into the high half.
TARGET static inline __m512i channel_picks(int channels, int c, int d) {
    uint8_t picks[64];
    for (int i = 0; i < 64; i++) picks[i] = (uint8_t)((i % 32) * channels + (i < 32 ? c : d));
    return _mm512_loadu_si512(picks);
}

/// Byte indices that make 16-bit values from registers of their low and high bytes (32 pixels' first channel
/// in the low half, their second in the high half), as _mm512_unpacklo_epi16 / unpackhi_epi16 of the two
/// channels would lay them out: pairs[0] and [1] (lo and hi) for both channels, [2] and [3] for the first
/// alone (its pair's bytes are replaced).
TARGET static inline void pair_picks(__m512i *pairs) {
    uint8_t picks[4][64];
    for (int e = 0; e < 16; e++) {
        for (int half = 0; half < 2; half++) {
            const int i = 8 * (e / 4) + 4 * half + e % 4;
            for (int both = 0; both < 2; both++) {
                uint8_t *p = picks[half + 2 * both] + 4 * e;
                p[0] = (uint8_t)i, p[1] = (uint8_t)(64 + i), p[2] = (uint8_t)(32 + i), p[3] = (uint8_t)(96 + i);
            }
        }
    }
    for (int i = 0; i < 4; i++) pairs[i] = _mm512_loadu_si512(picks[i]);
}

/// Byte indices that interleave 32 pixels' channels again (output bytes 0–63 to `first`, the rest to
/// `second`) from the registers (r | g) and (b | a).
TARGET static inline void join_picks(int channels, __m512i *first, __m512i *second) {
    uint8_t picks[128];
    for (int byte = 0, i = 0, c = 0; byte < 128; byte++) {
        picks[byte] = (uint8_t)((c < 2 ? 0 : 64) + (c % 2) * 32 + i);
        if (++c == channels) c = 0, i++;
    }
    *first = _mm512_loadu_si512(picks);
    *second = _mm512_loadu_si512(picks + 64);
}

typedef struct {
    linear_tables linear;
    __m512i pairs[4];
    __m512i picks[2];
    __m512i joins[2];
    chunk_tables chunks;
    int channels;
} step_constants;

/// 32 pixels from column `x` of `cell`: their sRGB table indices to index[0…2] (16-bit lanes), and for RGBA
/// their alpha bytes to the low half of *alpha.
TARGET static inline void indices32(const relight_pk_affine_row_q *row, const step_constants *k, const int16_t *cell, int x,
                                    const uint8_t *source, __m512i *index, __m512i *alpha) {
    const int channels = k->channels;
    const uint8_t *p = source + (long)x * channels;
    // 96 or 128 bytes, read exactly (a masked load does not touch the bytes it leaves out).
    const __m512i v0 = _mm512_loadu_si512(p);
    const __m512i v1 = channels == 4 ? _mm512_loadu_si512(p + 64) : _mm512_maskz_loadu_epi8(0xFFFFFFFFull, p + 64);
    // Red and green of the 32 pixels in one register, blue and alpha (or blue again) in the other.
    const __m512i rg8 = _mm512_permutex2var_epi8(v0, k->picks[0], v1), ba8 = _mm512_permutex2var_epi8(v0, k->picks[1], v1);
    const __m512i r = _mm512_cvtepu8_epi16(_mm512_castsi512_si256(rg8)), g = _mm512_cvtepu8_epi16(_mm512_extracti64x4_epi64(rg8, 1));
    const __m512i b = _mm512_cvtepu8_epi16(_mm512_castsi512_si256(ba8));
    const __m512i y = _mm512_add_epi16(_mm512_add_epi16(_mm512_mullo_epi16(r, _mm512_set1_epi16(RELIGHT_PK_LUMA_R)),
                                                        _mm512_mullo_epi16(g, _mm512_set1_epi16(RELIGHT_PK_LUMA_G))),
                                       _mm512_mullo_epi16(b, _mm512_set1_epi16(RELIGHT_PK_LUMA_B)));
    const __m512i z = _mm512_mulhi_epu16(y, _mm512_set1_epi16((short)row->luma_multiplier));
    const __m512i j = _mm512_min_epu16(_mm512_srli_epi16(z, 8), _mm512_set1_epi16((short)row->last_interval));
    const __m512i wz = _mm512_slli_epi16(_mm512_sub_epi16(z, _mm512_slli_epi16(j, 8)), 7);
    const __m512i pick = _mm512_add_epi16(_mm512_mullo_epi16(j, _mm512_set1_epi16(0x0202)), _mm512_set1_epi16(0x0100));
    const __m512i wx = _mm512_loadu_si512(row->column_weight + x);
    // The linear values' low and high bytes, 64 lookups a register, then put together as the 16-bit pairs
    // (r, g) and (b, 1) the multiply-adds below take, in the order of 16-bit unpacks.
    __m512i rgLow, rgHigh, bLow, bHigh;
    linear64(&k->linear, rg8, &rgLow, &rgHigh);
    linear64(&k->linear, ba8, &bLow, &bHigh);
    const __m512i one = _mm512_set1_epi32(RELIGHT_PK_OFFSET_ONE << 16);
    const __mmask64 ones = 0xCCCCCCCCCCCCCCCCull;
    const __m512i rgLo = _mm512_permutex2var_epi8(rgLow, k->pairs[0], rgHigh), rgHi = _mm512_permutex2var_epi8(rgLow, k->pairs[1], rgHigh);
    const __m512i bLo = _mm512_mask_blend_epi8(ones, _mm512_permutex2var_epi8(bLow, k->pairs[2], bHigh), one);
    const __m512i bHi = _mm512_mask_blend_epi8(ones, _mm512_permutex2var_epi8(bLow, k->pairs[3], bHigh), one);
    const __m512i round = _mm512_set1_epi32(2048), zero = _mm512_setzero_si512(), top = _mm512_set1_epi32(RELIGHT_PK_ENCODE_SCALE - 1);
    if (channels == 4) *alpha = _mm512_shuffle_i64x2(ba8, ba8, 0x4E);
    for (int o = 0; o < 3; o++) {
        __m512i c[4];
        for (int i = 0; i < 4; i++) {
#define LANES(t) _mm512_shuffle_epi8(_mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)(cell + (((t) * 4 + i) * 3 + o) * 8))), pick)
            const __m512i P = LANES(0), Q = LANES(1), R = LANES(2), T = LANES(3);
#undef LANES
            const __m512i a = _mm512_adds_epi16(P, _mm512_mulhrs_epi16(Q, wz));
            const __m512i e = _mm512_adds_epi16(R, _mm512_mulhrs_epi16(T, wz));
            c[i] = _mm512_adds_epi16(a, _mm512_mulhrs_epi16(e, wx));
        }
        const __m512i lo = _mm512_add_epi32(_mm512_madd_epi16(_mm512_unpacklo_epi16(c[0], c[1]), rgLo),
                                            _mm512_madd_epi16(_mm512_unpacklo_epi16(c[2], c[3]), bLo));
        const __m512i hi = _mm512_add_epi32(_mm512_madd_epi16(_mm512_unpackhi_epi16(c[0], c[1]), rgHi),
                                            _mm512_madd_epi16(_mm512_unpackhi_epi16(c[2], c[3]), bHi));
        const __m512i il = _mm512_min_epi32(_mm512_max_epi32(_mm512_srai_epi32(_mm512_add_epi32(lo, round), 12), zero), top);
        const __m512i ih = _mm512_min_epi32(_mm512_max_epi32(_mm512_srai_epi32(_mm512_add_epi32(hi, round), 12), zero), top);
        // The unpacks worked within 128-bit lanes; packing within them puts the pixels back in order.
        index[o] = _mm512_packus_epi32(il, ih);
    }
}

/// The output bytes of 32 pixels (out[0]: the first 64, out[1]: the rest) from their three channels' codes
/// and, for RGBA, their alpha.
TARGET static inline void join32(const step_constants *k, __m512i rg, __m256i b, __m512i alpha, __m512i *out) {
    const __m512i ba = k->channels == 4 ? _mm512_inserti64x4(_mm512_castsi256_si512(b), _mm512_castsi512_si256(alpha), 1)
                                        : _mm512_castsi256_si512(b);
    out[0] = _mm512_permutex2var_epi8(rg, k->joins[0], ba);
    out[1] = _mm512_permutex2var_epi8(rg, k->joins[1], ba);
}

/// Stores output bytes [from, to) of a step at `q` (out[0] holds bytes 0–63, out[1] the rest).
TARGET static inline void store_step(uint8_t *q, const __m512i *out, int from, int to) {
    const __mmask64 all = ~0ull;
    const __mmask64 first = (from >= 64 ? 0 : all << from) & (to >= 64 ? all : ~(all << to));
    const int from1 = from > 64 ? from - 64 : 0, to1 = to > 64 ? to - 64 : 0;
    const __mmask64 second = (from1 >= 64 ? 0 : all << from1) & (to1 >= 64 ? all : ~(all << to1));
    if (first) _mm512_mask_storeu_epi8(q, first, out[0]);
    if (second) _mm512_mask_storeu_epi8(q + 64, second, out[1]);
}

TARGET void relight_pk_affine_row_q_avx512(const relight_pk_affine_row_q *row, const uint8_t *source, uint8_t *destination) {
    const int channels = row->channels, bytes = STEP * channels;
    step_constants k;
    load_linear(row->byte_tables, &k.linear);
    k.picks[0] = channel_picks(channels, 0, 1);
    k.picks[1] = channel_picks(channels, 2, channels == 4 ? 3 : 2);
    pair_picks(k.pairs);
    join_picks(channels, &k.joins[0], &k.joins[1]);
    load_chunks(row->byte_tables, &k.chunks);
    k.channels = channels;
    for (int c = 0; c < row->cells; c++) {
        const int16_t *cell = row->table + (long)c * RELIGHT_PK_CELL_FLOATS;
        const int start = row->cell_start[c], end = row->cell_start[c + 1];
        if (end - start < STEP) {
            for (int x = start; x < end; x++) {
                affine_pixel_q(row, cell, row->column_weight[x], source + (long)x * channels, destination + (long)x * channels);
            }
            continue;
        }
        // The cell's last 32 pixels first, while they are all still inputs (the pass may run in place); the
        // steps below stop short of them, and only the pixels those did not cover are stored from here.
        const int last = end - STEP, covered = start + (end - start) / STEP * STEP;
        __m512i tail[2];
        if (covered < end) {
            __m512i index[3], alpha = _mm512_setzero_si512();
            indices32(row, &k, cell, last, source, index, &alpha);
            const __m512i rg = codes2x32(&k.chunks, index[0], index[1]), b = codes2x32(&k.chunks, index[2], index[2]);
            join32(&k, rg, _mm512_castsi512_si256(b), alpha, tail);
        }
        // Up to CHUNK steps in three passes, each over all of them: indices, codes, bytes. A step's work is a
        // long chain of dependent permutes and multiplies; in passes, the independent steps of a pass overlap.
        for (int x = start; x < covered; x += CHUNK * STEP) {
            const int steps = (covered - x) / STEP < CHUNK ? (covered - x) / STEP : CHUNK;
            __m512i index[CHUNK][3], alpha[CHUNK];
            __m512i rg[CHUNK], b[CHUNK];
            for (int s = 0; s < steps; s++) indices32(row, &k, cell, x + s * STEP, source, index[s], &alpha[s]);
            for (int s = 0; s < steps; s++) rg[s] = codes2x32(&k.chunks, index[s][0], index[s][1]);
            // Blue of two steps at a time (of the same step twice when one is left).
            for (int s = 0; s < steps; s += 2) {
                b[s] = codes2x32(&k.chunks, index[s][2], index[s + 1 < steps ? s + 1 : s][2]);
                b[s + 1] = _mm512_shuffle_i64x2(b[s], b[s], 0x4E);
            }
            for (int s = 0; s < steps; s++) {
                __m512i out[2];
                join32(&k, rg[s], _mm512_castsi512_si256(b[s]), alpha[s], out);
                store_step(destination + (long)(x + s * STEP) * channels, out, 0, bytes);
            }
        }
        if (covered < end) store_step(destination + (long)last * channels, tail, (covered - last) * channels, bytes);
    }
}

#else

int relight_pk_has_avx512(void) { return 0; }

void relight_pk_affine_row_q_avx512(const relight_pk_affine_row_q *row, const uint8_t *source, uint8_t *destination) {
    (void)row; (void)source; (void)destination;
}

#endif
