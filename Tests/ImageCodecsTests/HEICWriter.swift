import CHeif
import Foundation
import ImagePixels

/// Writes a HEIC with libheif's own encoder (x265), for what `heif-enc` cannot make: an `irot`/`imir`
/// transform (libheif writes them from `image_orientation`) with EXIF beside it.
enum HEICWriter {
    struct Failure: Error, CustomStringConvertible { var description: String }

    /// `primaries`: an `nclx` colour description with these colour primaries (ITU-T H.273: 1 sRGB, 12
    /// Display P3) and the sRGB transfer curve.
    static func write(_ image: PixelBuffer, orientation: Int32, exif: [UInt8]?, primaries: UInt16? = nil, to path: String) throws {
        guard let context = heif_context_alloc() else { throw Failure(description: "no libheif context") }
        defer { heif_context_free(context) }
        var encoder: OpaquePointer?
        try check(heif_context_get_encoder_for_format(context, heif_compression_HEVC, &encoder))
        defer { heif_encoder_release(encoder) }
        _ = heif_encoder_set_lossy_quality(encoder, 90)
        var picture: OpaquePointer?
        let chroma = image.layout == .rgba ? heif_chroma_interleaved_RGBA : heif_chroma_interleaved_RGB
        try check(heif_image_create(Int32(image.width), Int32(image.height), heif_colorspace_RGB, chroma, &picture))
        defer { heif_image_release(picture) }
        try check(heif_image_add_plane(picture, heif_channel_interleaved, Int32(image.width), Int32(image.height), 8))
        var stride: Int32 = 0
        guard let plane = heif_image_get_plane(picture, heif_channel_interleaved, &stride) else { throw Failure(description: "no plane") }
        image.bytes.withUnsafeBytes { src in
            for y in 0..<image.height {
                (plane + y * Int(stride)).update(from: src.baseAddress!.assumingMemoryBound(to: UInt8.self) + y * image.rowBytes, count: image.rowBytes)
            }
        }
        let options = heif_encoding_options_alloc()
        defer { heif_encoding_options_free(options) }
        options?.pointee.image_orientation = heif_orientation(rawValue: UInt32(orientation))
        let nclx = primaries == nil ? nil : heif_nclx_color_profile_alloc()
        defer { heif_nclx_color_profile_free(nclx) }
        if let primaries, let nclx {
            try check(heif_nclx_color_profile_set_color_primaries(nclx, primaries))
            try check(heif_nclx_color_profile_set_transfer_characteristics(nclx, 13))
            try check(heif_nclx_color_profile_set_matrix_coefficients(nclx, 6))
            try check(heif_image_set_nclx_color_profile(picture, nclx))
            options?.pointee.output_nclx_profile = nclx
            // libheif leaves the nclx box out by default, for old macOS readers.
            options?.pointee.macOS_compatibility_workaround_no_nclx_profile = 0
        }
        var handle: OpaquePointer?
        try check(heif_context_encode_image(context, picture, encoder, options, &handle))
        defer { heif_image_handle_release(handle) }
        if let exif {
            try exif.withUnsafeBytes { try check(heif_context_add_exif_metadata(context, handle, $0.baseAddress, Int32($0.count))) }
        }
        try check(heif_context_write_to_file(context, path))
    }

    private static func check(_ error: heif_error) throws {
        guard error.code == heif_error_Ok else {
            throw Failure(description: error.message.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: strlen($0)), as: UTF8.self) } ?? "libheif error")
        }
    }
}
