internal import CHeif
import ImagePixels
import ImageSniffing

/// HEIC, HEIF and AVIF through libheif: the primary image with its transforms (`irot`, `imir`, as
/// libheif applies them), its ICC profile, its EXIF and its alpha. More than 8 bits (10-bit HEIC or
/// AVIF) decodes to 16 bits when asked.
enum HEIFCodec {
    static func probe(_ bytes: [UInt8], content: ImageContent) throws(ImageCodecError) -> ImageHeader {
        try bytes.withUnsafeBytes { raw in
            Result { () throws(ImageCodecError) in
                let context = try HEIFContext(raw, content: content.displayName)
                defer { withExtendedLifetime(context) {} }  // its deinit frees the handle used below
                return header(context.primary, content: content)
            }
        }.get()
    }

    private static func header(_ handle: OpaquePointer, content: ImageContent) -> ImageHeader {
        ImageHeader(
            format: .heif, width: Int(heif_image_handle_get_width(handle)), height: Int(heif_image_handle_get_height(handle)),
            hasAlpha: heif_image_handle_has_alpha_channel(handle) != 0,
            bitsPerChannel: heif_image_handle_get_luma_bits_per_pixel(handle) > 8 ? 16 : 8, content: content)
    }

    static func decode(_ bytes: [UInt8], content: ImageContent, maxPixels: Int, keepDeep: Bool) throws(ImageCodecError) -> CodecOutput {
        try bytes.withUnsafeBytes { raw in
            Result { () throws(ImageCodecError) in
                let context = try HEIFContext(raw, content: content.displayName)
                // The handle is the context's: it must outlive every use of the handle, not just the last of `context`.
                defer { withExtendedLifetime(context) {} }
                let handle = context.primary
                let head = header(handle, content: content)
                guard head.width * head.height <= maxPixels else {
                    throw ImageCodecError.tooLarge(width: head.width, height: head.height, limit: maxPixels)
                }
                let bits = Int(heif_image_handle_get_luma_bits_per_pixel(handle))
                let deep = bits > 8
                let chroma = switch (head.hasAlpha, deep) {
                case (false, false): heif_chroma_interleaved_RGB
                case (true, false): heif_chroma_interleaved_RGBA
                case (false, true): heif_chroma_interleaved_RRGGBB_LE
                case (true, true): heif_chroma_interleaved_RRGGBBAA_LE
                }
                var image: OpaquePointer?
                let decoded = heif_decode_image(handle, &image, heif_colorspace_RGB, chroma, nil)
                guard decoded.code == heif_error_Ok, let image else {
                    throw HEIFContext.failure(decoded, content: content.displayName, stage: "image data")
                }
                defer { heif_image_release(image) }
                let width = Int(heif_image_get_width(image, heif_channel_interleaved))
                let height = Int(heif_image_get_height(image, heif_channel_interleaved))
                var stride: Int32 = 0
                guard width > 0, height > 0, let plane = heif_image_get_plane_readonly(image, heif_channel_interleaved, &stride) else {
                    throw ImageCodecError(.corrupt, "the \(content.displayName) decoded to no pixels; the file may be damaged")
                }
                let layout: PixelLayout = head.hasAlpha ? .rgba : .rgb
                let metadata = ImageMetadata(iccProfile: iccProfile(handle), exif: exif(handle), orientation: 1)
                if deep {
                    let pixels = widen(plane, stride: Int(stride), width: width, height: height, layout: layout, bits: bits)
                    return keepDeep ? CodecOutput(deep: pixels, metadata: metadata) : CodecOutput(pixels: pixels.eightBit(), metadata: metadata)
                }
                var pixels = PixelBuffer(width: width, height: height, layout: layout)
                let rowBytes = pixels.rowBytes
                pixels.bytes.withUnsafeMutableBytes { out in
                    for y in 0..<height {
                        (out.baseAddress! + y * rowBytes).copyMemory(from: plane + y * Int(stride), byteCount: rowBytes)
                    }
                }
                return CodecOutput(pixels: pixels, metadata: metadata)
            }
        }.get()
    }

    /// 10- or 12-bit samples (little-endian, in the low bits) scaled to the full 16-bit range.
    private static func widen(
        _ plane: UnsafePointer<UInt8>, stride: Int, width: Int, height: Int, layout: PixelLayout, bits: Int
    ) -> PixelBuffer16 {
        var pixels = PixelBuffer16(width: width, height: height, layout: layout)
        let maxIn = UInt32((1 << bits) - 1), perRow = width * layout.channels
        pixels.samples.withUnsafeMutableBufferPointer { out in
            for y in 0..<height {
                let row = UnsafeRawPointer(plane + y * stride)
                for i in 0..<perRow {
                    let v = UInt32(UInt16(littleEndian: row.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self)))
                    out[y * perRow + i] = UInt16((min(v, maxIn) * 65535 + maxIn / 2) / maxIn)
                }
            }
        }
        return pixels
    }

    /// The ICC profile (`prof` or `rICC`), or one made for an `nclx` description other than sRGB's (``NCLXProfile``).
    private static func iccProfile(_ handle: OpaquePointer) -> [UInt8]? {
        let type = heif_image_handle_get_color_profile_type(handle)
        if type == heif_color_profile_type_nclx { return NCLXProfile.icc(handle) }
        guard type == heif_color_profile_type_prof || type == heif_color_profile_type_rICC else { return nil }
        let size = heif_image_handle_get_raw_color_profile_size(handle)
        guard size > 0 else { return nil }
        var profile = [UInt8](repeating: 0, count: size)
        let error = profile.withUnsafeMutableBytes { heif_image_handle_get_raw_color_profile(handle, $0.baseAddress) }
        return error.code == heif_error_Ok ? profile : nil
    }

    /// The EXIF block: HEIF stores a 4-byte offset to the TIFF header before it.
    private static func exif(_ handle: OpaquePointer) -> [UInt8]? {
        var id: heif_item_id = 0
        guard heif_image_handle_get_list_of_metadata_block_IDs(handle, "Exif", &id, 1) > 0 else { return nil }
        let size = heif_image_handle_get_metadata_size(handle, id)
        guard size > 4 else { return nil }
        var data = [UInt8](repeating: 0, count: size)
        let error = data.withUnsafeMutableBytes { heif_image_handle_get_metadata(handle, id, $0.baseAddress) }
        guard error.code == heif_error_Ok else { return nil }
        let skip = 4 + (Int(data[0]) << 24 | Int(data[1]) << 16 | Int(data[2]) << 8 | Int(data[3]))
        guard skip < data.count else { return nil }
        let block = Array(data[skip...])
        return ExifBlock(block) != nil ? block : nil
    }
}
