#include "jpeg_bridge.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

struct relight_jpeg_writer {
    struct jpeg_compress_struct cinfo;
    struct jpeg_error_mgr error;
    struct jpeg_destination_mgr destination;
    jmp_buf jump;
    /// The output so far: ours alone (libjpeg's memory destination frees and replaces its buffer as it
    /// grows, so a writer dropped half way could not tell which one to free). `size` is set at the end.
    unsigned char *buffer;
    size_t capacity;
    size_t size;
    int started;
    char message[JMSG_LENGTH_MAX];
};

static void fail(j_common_ptr cinfo) {
    relight_jpeg_writer *writer = (relight_jpeg_writer *)cinfo->client_data;
    (*cinfo->err->format_message)(cinfo, writer->message);
    longjmp(writer->jump, 1);
}

static void destination_start(j_compress_ptr cinfo) {
    relight_jpeg_writer *writer = (relight_jpeg_writer *)cinfo->client_data;
    cinfo->dest->next_output_byte = writer->buffer;
    cinfo->dest->free_in_buffer = writer->capacity;
}

/// The buffer is full: twice the room, by realloc (a large block is remapped, not copied).
static boolean destination_grow(j_compress_ptr cinfo) {
    relight_jpeg_writer *writer = (relight_jpeg_writer *)cinfo->client_data;
    const size_t used = writer->capacity, capacity = writer->capacity * 2;
    unsigned char *grown = realloc(writer->buffer, capacity);
    if (!grown) ERREXIT1(cinfo, JERR_OUT_OF_MEMORY, 10);
    writer->buffer = grown;
    writer->capacity = capacity;
    cinfo->dest->next_output_byte = grown + used;
    cinfo->dest->free_in_buffer = capacity - used;
    return TRUE;
}

static void destination_end(j_compress_ptr cinfo) {
    relight_jpeg_writer *writer = (relight_jpeg_writer *)cinfo->client_data;
    writer->size = writer->capacity - cinfo->dest->free_in_buffer;
}

/// Warnings are not failures here (there are none on the compress side that matter).
static void quiet(j_common_ptr cinfo) { (void)cinfo; }

relight_jpeg_writer *relight_jpeg_writer_start(uint32_t width, uint32_t height, int quality) {
    relight_jpeg_writer *writer = calloc(1, sizeof(relight_jpeg_writer));
    if (!writer) return NULL;
    writer->cinfo.err = jpeg_std_error(&writer->error);
    writer->error.error_exit = fail;
    writer->error.output_message = quiet;
    writer->cinfo.client_data = writer;
    if (setjmp(writer->jump)) return writer;  // the message is set; rows and finish refuse
    jpeg_create_compress(&writer->cinfo);
    writer->started = 1;
    // Room for a byte a pixel (even a noisy photo at quality 97 stays under it), at most 64 MB so a strict
    // overcommit policy never refuses it: pages the encoder never reaches are never touched, so the
    // reservation costs no memory, and growing past it is a realloc (a remap, not a copy).
    const size_t room = (size_t)width * height + 65536;
    writer->capacity = room < ((size_t)64 << 20) ? room : ((size_t)64 << 20);
    writer->buffer = malloc(writer->capacity);
    if (!writer->buffer) ERREXIT1(&writer->cinfo, JERR_OUT_OF_MEMORY, 0);
    writer->destination.init_destination = destination_start;
    writer->destination.empty_output_buffer = destination_grow;
    writer->destination.term_destination = destination_end;
    writer->cinfo.dest = &writer->destination;
    writer->cinfo.image_width = width;
    writer->cinfo.image_height = height;
    writer->cinfo.input_components = 3;
    writer->cinfo.in_color_space = JCS_EXT_RGB;
    jpeg_set_defaults(&writer->cinfo);
    // As TurboJPEG's setCompDefaults, so both encoders give the same bytes.
    const int q = quality < 1 ? 1 : quality > 100 ? 100 : quality;
    jpeg_set_quality(&writer->cinfo, q, TRUE);
    writer->cinfo.dct_method = q >= 96 ? JDCT_ISLOW : JDCT_FASTEST;
    jpeg_set_colorspace(&writer->cinfo, JCS_YCbCr);
    const int sampling = q >= 90 ? 1 : 2;
    writer->cinfo.comp_info[0].h_samp_factor = sampling;
    writer->cinfo.comp_info[0].v_samp_factor = sampling;
    for (int c = 1; c < 3; c++) {
        writer->cinfo.comp_info[c].h_samp_factor = 1;
        writer->cinfo.comp_info[c].v_samp_factor = 1;
    }
    jpeg_start_compress(&writer->cinfo, TRUE);
    writer->started = 2;
    return writer;
}

/// Points `pointers` at the next batch (at most 64) of the `count` rows from row `done`; returns its size.
static uint32_t next_rows(JSAMPROW pointers[64], const uint8_t *rows, uint32_t done, uint32_t count, size_t stride) {
    const uint32_t batch = count - done < 64 ? count - done : 64;
    for (uint32_t i = 0; i < batch; i++) pointers[i] = (JSAMPROW)(rows + (size_t)(done + i) * stride);
    return batch;
}

int relight_jpeg_writer_rows(relight_jpeg_writer *writer, const uint8_t *rows, uint32_t count, size_t stride) {
    if (writer->started != 2) return -1;
    if (setjmp(writer->jump)) {
        writer->started = 3;
        return -1;
    }
    JSAMPROW pointers[64];
    uint32_t done = 0;
    while (done < count) {
        const JDIMENSION written = jpeg_write_scanlines(&writer->cinfo, pointers, next_rows(pointers, rows, done, count, stride));
        if (written == 0) {
            snprintf(writer->message, sizeof writer->message, "the JPEG encoder took no rows");
            writer->started = 3;
            return -1;
        }
        done += written;
    }
    return 0;
}

int relight_jpeg_writer_finish(relight_jpeg_writer *writer, uint8_t **out, size_t *size) {
    if (writer->started != 2) return -1;
    if (writer->cinfo.next_scanline < writer->cinfo.image_height) {
        snprintf(writer->message, sizeof writer->message, "the JPEG has %u of its %u rows",
                 writer->cinfo.next_scanline, writer->cinfo.image_height);
        return -1;
    }
    if (setjmp(writer->jump)) {
        writer->started = 3;
        return -1;
    }
    jpeg_finish_compress(&writer->cinfo);
    *out = writer->buffer;
    *size = writer->size;
    writer->buffer = NULL;
    writer->started = 4;
    return 0;
}

const char *relight_jpeg_writer_message(const relight_jpeg_writer *writer) { return writer->message; }

void relight_jpeg_writer_free(relight_jpeg_writer *writer) {
    if (!writer) return;
    if (writer->started) jpeg_destroy_compress(&writer->cinfo);
    free(writer->buffer);
    free(writer);
}

void relight_jpeg_free(void *pointer) { free(pointer); }

struct relight_jpeg_reader {
    struct jpeg_decompress_struct dinfo;
    struct jpeg_error_mgr error;
    jmp_buf jump;
    int started;  // 0 nothing, 1 created, 2 decompressing, 3 failed
    char message[JMSG_LENGTH_MAX];
    char warning[JMSG_LENGTH_MAX];
};

static void reader_fail(j_common_ptr cinfo) {
    relight_jpeg_reader *reader = (relight_jpeg_reader *)cinfo->client_data;
    (*cinfo->err->format_message)(cinfo, reader->message);
    longjmp(reader->jump, 1);
}

/// Keeps the first warning, as TurboJPEG reports it; decoding goes on (libjpeg fills what is missing).
static void reader_warn(j_common_ptr cinfo, int level) {
    if (level >= 0) return;  // trace messages
    relight_jpeg_reader *reader = (relight_jpeg_reader *)cinfo->client_data;
    if (reader->warning[0] == 0) (*cinfo->err->format_message)(cinfo, reader->warning);
}

relight_jpeg_reader *relight_jpeg_reader_start(const uint8_t *data, size_t size) {
    relight_jpeg_reader *reader = calloc(1, sizeof(relight_jpeg_reader));
    if (!reader) return NULL;
    reader->dinfo.err = jpeg_std_error(&reader->error);
    reader->error.error_exit = reader_fail;
    reader->error.emit_message = reader_warn;
    reader->dinfo.client_data = reader;
    if (setjmp(reader->jump)) {
        reader->started = 3;
        return reader;
    }
    jpeg_create_decompress(&reader->dinfo);
    reader->started = 1;
    jpeg_mem_src(&reader->dinfo, data, (unsigned long)size);
    jpeg_read_header(&reader->dinfo, TRUE);
    if (reader->dinfo.jpeg_color_space == JCS_CMYK || reader->dinfo.jpeg_color_space == JCS_YCCK) {
        snprintf(reader->message, sizeof reader->message, "a CMYK JPEG is not read strip by strip");
        reader->started = 3;
        return reader;
    }
    // As tjDecompress2 with TJPF_RGB and no flags: the library's defaults otherwise.
    reader->dinfo.out_color_space = JCS_EXT_RGB;
    jpeg_start_decompress(&reader->dinfo);
    reader->started = 2;
    return reader;
}

int relight_jpeg_readable(const uint8_t *data, size_t size) {
    relight_jpeg_reader *reader = calloc(1, sizeof(relight_jpeg_reader));
    if (!reader) return 0;
    reader->dinfo.err = jpeg_std_error(&reader->error);
    reader->error.error_exit = reader_fail;
    reader->error.emit_message = reader_warn;
    reader->dinfo.client_data = reader;
    volatile int readable = 0;
    if (!setjmp(reader->jump)) {
        jpeg_create_decompress(&reader->dinfo);
        reader->started = 1;
        jpeg_mem_src(&reader->dinfo, data, (unsigned long)size);
        jpeg_read_header(&reader->dinfo, TRUE);
        readable = reader->dinfo.jpeg_color_space != JCS_CMYK && reader->dinfo.jpeg_color_space != JCS_YCCK;
    }
    relight_jpeg_reader_free(reader);
    return readable;
}

uint32_t relight_jpeg_reader_width(const relight_jpeg_reader *reader) { return reader->dinfo.output_width; }
uint32_t relight_jpeg_reader_height(const relight_jpeg_reader *reader) { return reader->dinfo.output_height; }

int relight_jpeg_reader_rows(relight_jpeg_reader *reader, uint8_t *rows, uint32_t count, size_t stride) {
    if (reader->started != 2) return -1;
    if (setjmp(reader->jump)) {
        reader->started = 3;
        return -1;
    }
    JSAMPROW pointers[64];
    uint32_t done = 0;
    while (done < count) {
        const JDIMENSION read = jpeg_read_scanlines(&reader->dinfo, pointers, next_rows(pointers, rows, done, count, stride));
        if (read == 0) {
            snprintf(reader->message, sizeof reader->message, "the JPEG decoder gave no rows after row %u",
                     reader->dinfo.output_scanline);
            reader->started = 3;
            return -1;
        }
        done += read;
    }
    return 0;
}

const char *relight_jpeg_reader_warning(const relight_jpeg_reader *reader) { return reader->warning; }
const char *relight_jpeg_reader_message(const relight_jpeg_reader *reader) { return reader->message; }

void relight_jpeg_reader_free(relight_jpeg_reader *reader) {
    if (!reader) return;
    if (reader->started) jpeg_destroy_decompress(&reader->dinfo);
    free(reader);
}
