#include "png_bridge.h"

#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const uint8_t *data;
    size_t size;
    size_t position;
    char *message;
    size_t message_capacity;
} reader_state;

typedef struct {
    uint8_t *data;
    size_t size;
    size_t capacity;
    int failed;
    char *message;
    size_t message_capacity;
} writer_state;

static void copy_message(char *target, size_t capacity, const char *message) {
    if (!target || capacity == 0) return;
    strncpy(target, message ? message : "unknown error", capacity - 1);
    target[capacity - 1] = 0;
}

static void on_read_error(png_structp png, png_const_charp message) {
    reader_state *state = (reader_state *)png_get_error_ptr(png);
    copy_message(state->message, state->message_capacity, message);
    png_longjmp(png, 1);
}

static void on_write_error(png_structp png, png_const_charp message) {
    writer_state *state = (writer_state *)png_get_error_ptr(png);
    copy_message(state->message, state->message_capacity, message);
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp message) {
    (void)png;
    (void)message;
}

static void read_bytes(png_structp png, png_bytep target, size_t length) {
    reader_state *state = (reader_state *)png_get_io_ptr(png);
    if (state->size - state->position < length) png_error(png, "unexpected end of file");
    memcpy(target, state->data + state->position, length);
    state->position += length;
}

static void write_bytes(png_structp png, png_bytep source, size_t length) {
    writer_state *state = (writer_state *)png_get_io_ptr(png);
    if (state->failed) return;
    if (state->capacity - state->size < length) {
        size_t capacity = state->capacity ? state->capacity : 65536;
        while (capacity - state->size < length) capacity *= 2;
        uint8_t *grown = realloc(state->data, capacity);
        if (!grown) {
            state->failed = 1;
            png_error(png, "out of memory");
        }
        state->data = grown;
        state->capacity = capacity;
    }
    memcpy(state->data + state->size, source, length);
    state->size += length;
}

static void flush_bytes(png_structp png) { (void)png; }

int relight_png_read_header(const uint8_t *data, size_t size, relight_png_info *info, uint8_t **icc, size_t *icc_length) {
    memset(info, 0, sizeof *info);
    *icc = NULL;
    *icc_length = 0;
    reader_state state = {data, size, 0, info->message, sizeof info->message};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &state, on_read_error, on_warning);
    if (!png) {
        copy_message(info->message, sizeof info->message, "out of memory");
        return -1;
    }
    png_infop header = png_create_info_struct(png);
    if (!header || setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, header ? &header : NULL, NULL);
        if (*icc) {
            free(*icc);
            *icc = NULL;
            *icc_length = 0;
        }
        return -1;
    }
    png_set_read_fn(png, &state, read_bytes);
    png_read_info(png, header);
    info->width = png_get_image_width(png, header);
    info->height = png_get_image_height(png, header);
    info->bit_depth = png_get_bit_depth(png, header);
    int color = png_get_color_type(png, header);
    info->has_alpha = (color & PNG_COLOR_MASK_ALPHA) || png_get_valid(png, header, PNG_INFO_tRNS);
    png_charp name;
    int compression;
    png_bytep profile;
    png_uint_32 length;
    if (png_get_iCCP(png, header, &name, &compression, &profile, &length) && length > 0) {
        *icc = malloc(length);
        if (*icc) {
            memcpy(*icc, profile, length);
            *icc_length = length;
        }
    }
    png_destroy_read_struct(&png, &header, NULL);
    return 0;
}

int relight_png_read16(const uint8_t *data, size_t size, uint16_t *out, int channels, relight_png_info *info) {
    memset(info, 0, sizeof *info);
    reader_state state = {data, size, 0, info->message, sizeof info->message};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &state, on_read_error, on_warning);
    if (!png) {
        copy_message(info->message, sizeof info->message, "out of memory");
        return -1;
    }
    png_infop header = png_create_info_struct(png);
    // volatile: it is set after setjmp and read after longjmp, where a value kept in a register is lost
    // (at -O2 it came back NULL and the row pointers leaked on every cut-short 16-bit PNG).
    png_bytep *volatile rows = NULL;
    if (!header || setjmp(png_jmpbuf(png))) {
        free(rows);
        png_destroy_read_struct(&png, header ? &header : NULL, NULL);
        return -1;
    }
    png_set_read_fn(png, &state, read_bytes);
    png_read_info(png, header);
    info->width = png_get_image_width(png, header);
    info->height = png_get_image_height(png, header);
    info->bit_depth = png_get_bit_depth(png, header);
    int color = png_get_color_type(png, header);
    // Everything to 16-bit RGB(A): palettes and low bit depths expanded, gray copied to RGB, tRNS to alpha.
    png_set_expand_16(png);
    if (color == PNG_COLOR_TYPE_GRAY || color == PNG_COLOR_TYPE_GRAY_ALPHA) png_set_gray_to_rgb(png);
    if (channels == 4) {
        png_set_add_alpha(png, 0xFFFF, PNG_FILLER_AFTER);
    } else {
        png_set_strip_alpha(png);
    }
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    png_set_swap(png);
#endif
    png_set_interlace_handling(png);
    png_read_update_info(png, header);
    if (png_get_rowbytes(png, header) != (size_t)info->width * (size_t)channels * 2) {
        png_error(png, "unexpected row layout after conversion to 16-bit RGB");
    }
    rows = malloc(sizeof(png_bytep) * info->height);
    if (!rows) png_error(png, "out of memory");
    for (uint32_t y = 0; y < info->height; y++) rows[y] = (png_bytep)(out + (size_t)y * info->width * (size_t)channels);
    png_read_image(png, rows);
    png_read_end(png, NULL);
    free(rows);
    rows = NULL;
    png_destroy_read_struct(&png, &header, NULL);
    return 0;
}

int relight_png_write(const void *pixels, uint32_t width, uint32_t height, int channels, int bit_depth,
                      const uint8_t *icc, size_t icc_length,
                      uint8_t **out, size_t *out_size, char *message, size_t message_capacity) {
    *out = NULL;
    *out_size = 0;
    writer_state state = {NULL, 0, 0, 0, message, message_capacity};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &state, on_write_error, on_warning);
    if (!png) {
        copy_message(message, message_capacity, "out of memory");
        return -1;
    }
    png_infop header = png_create_info_struct(png);
    if (!header || setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, header ? &header : NULL);
        free(state.data);
        return -1;
    }
    png_set_write_fn(png, &state, write_bytes, flush_bytes);
    // Some cameras and editors embed sRGB profiles libpng knows to be slightly wrong; keep them as they are.
    png_set_benign_errors(png, 1);
#ifdef PNG_SKIP_sRGB_CHECK_PROFILE
    png_set_option(png, PNG_SKIP_sRGB_CHECK_PROFILE, PNG_OPTION_ON);
#endif
    int color = channels == 4 ? PNG_COLOR_TYPE_RGB_ALPHA : PNG_COLOR_TYPE_RGB;
    png_set_IHDR(png, header, width, height, bit_depth, color, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    if (icc && icc_length > 0) {
        png_set_iCCP(png, header, "ICC profile", PNG_COMPRESSION_TYPE_BASE, icc, (png_uint_32)icc_length);
    } else {
        png_set_sRGB_gAMA_and_cHRM(png, header, PNG_sRGB_INTENT_PERCEPTUAL);
    }
    png_write_info(png, header);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (bit_depth == 16) png_set_swap(png);
#endif
    size_t row_bytes = (size_t)width * (size_t)channels * (size_t)(bit_depth / 8);
    for (uint32_t y = 0; y < height; y++) {
        png_write_row(png, (png_const_bytep)pixels + (size_t)y * row_bytes);
    }
    png_write_end(png, header);
    png_destroy_write_struct(&png, &header);
    *out = state.data;
    *out_size = state.size;
    return 0;
}

void relight_png_free(void *pointer) { free(pointer); }
