// libpng's full API for what its simplified API cannot do: 16-bit sRGB samples (not linear),
// the iCCP chunk, and eXIf/iCCP on write. libpng reports errors by longjmp; every setjmp lives in
// png_bridge.c, so no jump ever crosses a Swift frame.
#ifndef RELIGHT_PNG_BRIDGE_H
#define RELIGHT_PNG_BRIDGE_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t width;
    uint32_t height;
    /// Bits per channel as stored: 1, 2, 4, 8 or 16.
    int bit_depth;
    /// Whether the decoded image has alpha (an alpha channel or a tRNS chunk).
    int has_alpha;
    /// libpng's message when a call fails.
    char message[200];
} relight_png_info;

/// Reads the header and, when present, the ICC profile (*icc is malloc'd; free it with relight_png_free).
/// Returns 0 on success.
int relight_png_read_header(const uint8_t *data, size_t size, relight_png_info *info, uint8_t **icc, size_t *icc_length);

/// Decodes to interleaved RGB (channels 3) or RGBA (channels 4) 16-bit samples in host byte order,
/// sRGB-encoded as stored. `out` holds width × height × channels samples. Returns 0 on success.
int relight_png_read16(const uint8_t *data, size_t size, uint16_t *out, int channels, relight_png_info *info);

/// Encodes 8-bit (bit_depth 8, `pixels` are bytes) or 16-bit (bit_depth 16, host-order uint16_t)
/// RGB or RGBA, with an optional ICC profile (EXIF is inserted by the caller: libpng 1.6 writes
/// eXIf after the image data, where readers ignore it). *out is malloc'd; free it with
/// relight_png_free. Returns 0 on success, else fills `message`.
int relight_png_write(const void *pixels, uint32_t width, uint32_t height, int channels, int bit_depth,
                      const uint8_t *icc, size_t icc_length,
                      uint8_t **out, size_t *out_size, char *message, size_t message_capacity);

void relight_png_free(void *pointer);

#endif
