// relight_pk_make_byte_tables (pixel_kernels.h): a linear table as its low and high bytes, and an sRGB
// table as the chunks the AVX-512 loops find their codes in (lookups512.h), for the restore's pass and
// the relight's alike.
#include <string.h>
#include "pixel_kernels.h"

enum { VALUES = 16384, BLOCK = 256, BLOCKS = VALUES / BLOCK, CHUNKS = 256, ONE_CODE = 15 };

/// Whether block `b` of `to_srgb` holds one code throughout.
static int one_code(const uint8_t *to_srgb, int b) {
    for (int v = b * BLOCK + 1; v < (b + 1) * BLOCK; v++) {
        if (to_srgb[v] != to_srgb[v - 1]) return 0;
    }
    return 1;
}

/// The shift of the widest chunks (2^shift values, at most 128) that split block `b` with at most two code
/// starts in each; −1 when a code is skipped or the codes fall.
static int widest(const uint8_t *to_srgb, int b) {
    for (int v = b * BLOCK + 1; v < (b + 1) * BLOCK; v++) {
        const int rise = to_srgb[v] - to_srgb[v - 1];
        if (rise < 0 || rise > 1) return -1;
    }
    for (int s = 7; s > 0; s--) {
        int fits = 1;
        for (int c = b * BLOCK; c < (b + 1) * BLOCK && fits; c += 1 << s) {
            int starts = 0;
            for (int v = c + 1; v < c + (1 << s); v++) starts += to_srgb[v] != to_srgb[v - 1];
            fits = starts <= 2;
        }
        if (fits) return s;
    }
    return 0;
}

int relight_pk_make_byte_tables(const uint16_t *to_linear, const uint8_t *to_srgb, int entries, relight_pk_byte_tables *t) {
    memset(t, 0, sizeof *t);
    for (int i = 0; i < 256; i++) t->linear_low[i] = (uint8_t)to_linear[i], t->linear_high[i] = (uint8_t)(to_linear[i] >> 8);
    // Values from 16383 on are looked up as 16383.
    if (entries <= VALUES) return 0;
    for (int v = VALUES; v < entries; v++) {
        if (to_srgb[v] != to_srgb[VALUES - 1]) return 0;
    }
    int chunk = 0, shared[256];
    for (int code = 0; code < 256; code++) shared[code] = -1;
    for (int b = 0; b < BLOCKS; b++) {
        if (one_code(to_srgb, b)) {
            // One chunk per code for all such blocks (a table's white past its shoulder): v >> 15 is 0.
            const int code = to_srgb[b * BLOCK];
            if (shared[code] < 0) {
                if (chunk == CHUNKS) return 0;
                shared[code] = chunk;
                t->base[chunk] = (uint8_t)code, t->first[chunk] = t->second[chunk] = 255;
                chunk++;
            }
            t->shift[b] = ONE_CODE, t->mask[b] = 0, t->offset[b] = (int16_t)shared[code];
            continue;
        }
        const int s = widest(to_srgb, b);
        if (s < 0 || chunk + (BLOCK >> s) > CHUNKS) return 0;
        t->shift[b] = (int16_t)s;
        t->mask[b] = (int16_t)((1 << s) - 1);
        t->offset[b] = (int16_t)(chunk - ((b * BLOCK) >> s));
        for (int c = b * BLOCK; c < (b + 1) * BLOCK; c += 1 << s, chunk++) {
            uint8_t place[2] = {255, 255};
            for (int v = c + 1, n = 0; v < c + (1 << s); v++) {
                if (to_srgb[v] != to_srgb[v - 1]) place[n++] = (uint8_t)(v - c);
            }
            t->base[chunk] = to_srgb[c];
            t->first[chunk] = place[0];
            t->second[chunk] = place[1];
        }
    }
    for (; chunk < CHUNKS; chunk++) t->base[chunk] = 255, t->first[chunk] = t->second[chunk] = 255;
    return 1;
}
