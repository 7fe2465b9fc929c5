// The relight pass's versions, shared between gain_row.c (the scalar and AVX2 loops, and the dispatch)
// and gain_row512.c.
#ifndef RELIGHT_GAIN_ROW_H
#define RELIGHT_GAIN_ROW_H
#include "pixel_kernels.h"

/// The row in AVX-512 (F, BW, VL, VBMI), 64 samples a step; only where relight_pk_has_avx512() and with
/// `row->byte_tables` made.
void relight_pk_gain_row_u8_avx512(const relight_pk_gain_row *row, const uint8_t *source, uint8_t *destination,
                                   const int16_t *upper, const int16_t *lower, int32_t weight);

#endif
