// libjpeg's scanline API, for reading and writing a JPEG a strip of rows at a time (TurboJPEG only
// takes a whole image): a restore can then go from the decoder through its pixel loop into the
// encoder, strip by strip, with no image-sized buffer at all. libjpeg reports errors by longjmp; every setjmp lives in jpeg_bridge.c,
// so no jump ever crosses a Swift frame.
#ifndef RELIGHT_JPEG_BRIDGE_H
#define RELIGHT_JPEG_BRIDGE_H

#include <stddef.h>
#include <stdint.h>

typedef struct relight_jpeg_writer relight_jpeg_writer;

/// Starts an 8-bit RGB JPEG of width × height at `quality` (1–100), with the settings TurboJPEG's
/// tjCompress2 uses (so the bytes are the same): 4:4:4 chroma at 90 and above, else 4:2:0; the fast
/// integer DCT below 96, the accurate one from 96. NULL when out of memory.
relight_jpeg_writer *relight_jpeg_writer_start(uint32_t width, uint32_t height, int quality);

/// Compresses `count` rows of width × 3 bytes, `stride` bytes apart. Returns 0, or -1 with the message set.
int relight_jpeg_writer_rows(relight_jpeg_writer *writer, const uint8_t *rows, uint32_t count, size_t stride);

/// Ends the image (every row must have been written) and hands over its bytes: *out is malloc'd, free it
/// with relight_jpeg_free. Returns 0, or -1 with the message set.
int relight_jpeg_writer_finish(relight_jpeg_writer *writer, uint8_t **out, size_t *size);

/// libjpeg's message for the last failure, or "".
const char *relight_jpeg_writer_message(const relight_jpeg_writer *writer);

/// Releases the writer and any bytes it still holds.
void relight_jpeg_writer_free(relight_jpeg_writer *writer);

void relight_jpeg_free(void *pointer);

typedef struct relight_jpeg_reader relight_jpeg_reader;

/// Starts decoding the JPEG in data[0..<size] (which must outlive the reader) to 8-bit RGB rows, with the
/// settings TurboJPEG's tjDecompress2 uses (accurate integer IDCT, smooth chroma upsampling), so the rows
/// are the same bytes. Grayscale comes out as RGB. NULL when out of memory; otherwise check the message,
/// which is set if the header is unreadable or the colour space is CMYK/YCCK (not read here).
relight_jpeg_reader *relight_jpeg_reader_start(const uint8_t *data, size_t size);

/// 1 if the JPEG in data[0..<size] has a readable header and is not CMYK/YCCK (what the reader takes), else
/// 0. Reads the header only: starting a reader on a progressive JPEG decodes all of its coefficients.
int relight_jpeg_readable(const uint8_t *data, size_t size);

/// The image's size, once started.
uint32_t relight_jpeg_reader_width(const relight_jpeg_reader *reader);
uint32_t relight_jpeg_reader_height(const relight_jpeg_reader *reader);

/// Decodes the next `count` rows of width × 3 bytes into `rows`, `stride` bytes apart. Returns 0, or -1
/// with the message set.
int relight_jpeg_reader_rows(relight_jpeg_reader *reader, uint8_t *rows, uint32_t count, size_t stride);

/// libjpeg's first warning (for instance "Premature end of JPEG file": the missing rows were filled), or "".
const char *relight_jpeg_reader_warning(const relight_jpeg_reader *reader);

/// libjpeg's message for the last failure, or "".
const char *relight_jpeg_reader_message(const relight_jpeg_reader *reader);

void relight_jpeg_reader_free(relight_jpeg_reader *reader);

#endif
