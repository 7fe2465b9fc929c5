internal import CPNG
internal import PNGBridge
import ImagePixels

/// PNG through libpng's simplified `png_image_*` API, which reports errors by return code (no `longjmp` reaches Swift).
enum PNGCodec {
    private static let formatRGB: UInt32 = 0x02  // PNG_FORMAT_RGB
    private static let formatRGBA: UInt32 = 0x03  // PNG_FORMAT_RGBA
    private static let flagAlpha: UInt32 = 0x01  // PNG_FORMAT_FLAG_ALPHA

    private static func begin(_ bytes: [UInt8], image: PNGImage) throws(ImageCodecError) {
        let ok = bytes.withUnsafeBufferPointer { buffer in
            png_image_begin_read_from_memory(&image.raw, buffer.baseAddress, buffer.count)
        }
        guard ok != 0 else { throw classify(image.message, bytes: bytes, stage: "header") }
    }

    static func probe(_ bytes: [UInt8]) throws(ImageCodecError) -> ImageHeader {
        let image = PNGImage()
        try begin(bytes, image: image)
        let deep = bytes.count > 24 && bytes[12..<16].elementsEqual(Array("IHDR".utf8)) && bytes[24] == 16
        return ImageHeader(
            format: .png, width: Int(image.raw.width), height: Int(image.raw.height), hasAlpha: image.raw.format & flagAlpha != 0,
            bitsPerChannel: deep ? 16 : 8)
    }

    /// 8-bit through the simplified API, or (with `keepDeep`, for a 16-bit file) all 16 bits too.
    static func decode(_ bytes: [UInt8], maxPixels: Int, keepDeep: Bool = false) throws(ImageCodecError) -> CodecOutput {
        let image = PNGImage()
        try begin(bytes, image: image)
        let width = Int(image.raw.width), height = Int(image.raw.height)
        guard width * height <= maxPixels else { throw ImageCodecError.tooLarge(width: width, height: height, limit: maxPixels) }
        let layout: PixelLayout = image.raw.format & flagAlpha != 0 ? .rgba : .rgb
        let exif = chunk("eXIf", in: bytes)
        let metadata = ImageMetadata(iccProfile: try iccProfile(bytes), exif: exif, orientation: exif.flatMap(ExifBlock.init)?.orientation ?? 1)
        if keepDeep {
            return CodecOutput(deep: try decode16(bytes, width: width, height: height, layout: layout), metadata: metadata)
        }
        image.raw.format = layout == .rgba ? formatRGBA : formatRGB
        var pixels = PixelBuffer(width: width, height: height, layout: layout)
        let ok = pixels.bytes.withUnsafeMutableBufferPointer { buffer in
            png_image_finish_read(&image.raw, nil, buffer.baseAddress, 0, nil)
        }
        guard ok != 0 else { throw classify(image.message, bytes: bytes, stage: "image data") }
        return CodecOutput(pixels: pixels, metadata: metadata)
    }

    private static func decode16(_ bytes: [UInt8], width: Int, height: Int, layout: PixelLayout) throws(ImageCodecError) -> PixelBuffer16 {
        var deep = PixelBuffer16(width: width, height: height, layout: layout)
        var info = relight_png_info()
        let status = bytes.withUnsafeBufferPointer { src in
            deep.samples.withUnsafeMutableBufferPointer { dst in
                relight_png_read16(src.baseAddress, src.count, dst.baseAddress, Int32(layout.channels), &info)
            }
        }
        guard status == 0 else { throw classify(message(of: &info), bytes: bytes, stage: "image data") }
        return deep
    }

    /// The embedded ICC profile (from `iCCP`), when there is one.
    private static func iccProfile(_ bytes: [UInt8]) throws(ImageCodecError) -> [UInt8]? {
        guard chunk("iCCP", in: bytes) != nil else { return nil }
        var info = relight_png_info()
        var icc: UnsafeMutablePointer<UInt8>?
        var length = 0
        let status = bytes.withUnsafeBufferPointer { relight_png_read_header($0.baseAddress, $0.count, &info, &icc, &length) }
        defer { relight_png_free(icc) }
        guard status == 0 else { throw classify(message(of: &info), bytes: bytes, stage: "header") }
        guard let icc, length > 0 else { return nil }
        return Array(UnsafeBufferPointer(start: icc, count: length))
    }

    /// 8-bit RGB(A) with the ICC profile (or an sRGB chunk) and EXIF carried over.
    static func encode(_ image: PixelBuffer, metadata: ImageMetadata? = nil) throws(ImageCodecError) -> [UInt8] {
        try image.bytes.withUnsafeBytes { pixels in
            Result { () throws(ImageCodecError) in
                try write(pixels.baseAddress!, width: image.width, height: image.height, layout: image.layout, bitDepth: 8, metadata: metadata)
            }
        }.get()
    }

    /// 16-bit RGB(A) with the ICC profile (or an sRGB chunk) and EXIF carried over.
    static func encode(_ image: PixelBuffer16, metadata: ImageMetadata? = nil) throws(ImageCodecError) -> [UInt8] {
        try image.samples.withUnsafeBytes { pixels in
            Result { () throws(ImageCodecError) in
                try write(pixels.baseAddress!, width: image.width, height: image.height, layout: image.layout, bitDepth: 16, metadata: metadata)
            }
        }.get()
    }

    private static func write(
        _ pixels: UnsafeRawPointer, width: Int, height: Int, layout: PixelLayout, bitDepth: Int, metadata: ImageMetadata?
    ) throws(ImageCodecError) -> [UInt8] {
        let exif = metadata?.exif.flatMap(ExifBlock.init)?.normalized(width: width, height: height)
        let icc = metadata?.iccProfile ?? []
        let png: [UInt8]
        do {
            png = try writeImage(pixels, width: width, height: height, layout: layout, bitDepth: bitDepth, icc: icc)
        } catch where !icc.isEmpty {
            // A profile libpng refuses outright (malformed): the pixels matter more; write them as sRGB.
            png = try writeImage(pixels, width: width, height: height, layout: layout, bitDepth: bitDepth, icc: [])
        }
        guard let exif, !exif.isEmpty else { return png }
        return inserting(chunk: "eXIf", payload: exif, beforeFirst: "IDAT", in: png)
    }

    private static func writeImage(
        _ pixels: UnsafeRawPointer, width: Int, height: Int, layout: PixelLayout, bitDepth: Int, icc: [UInt8]
    ) throws(ImageCodecError) -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = [CChar](repeating: 0, count: 200)
        let status = icc.withUnsafeBufferPointer { iccBytes in
            message.withUnsafeMutableBufferPointer { text in
                relight_png_write(
                    pixels, UInt32(width), UInt32(height), Int32(layout.channels), Int32(bitDepth),
                    iccBytes.baseAddress, iccBytes.count, &out, &size, text.baseAddress, text.count)
            }
        }
        defer { relight_png_free(out) }
        guard status == 0, let out else {
            let reason = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw ImageCodecError(.encodeFailed, "PNG encoding failed: \(reason)")
        }
        return Array(UnsafeBufferPointer(start: out, count: size))
    }

    private static func message(of info: inout relight_png_info) -> String {
        withUnsafeBytes(of: &info.message) { raw in String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self) }
    }

    private static func classify(_ message: String, bytes: [UInt8], stage: String) -> ImageCodecError {
        let lower = message.lowercased()
        if lower.contains("end") || lower.contains("not enough") || lower.contains("truncat") || chunk("IEND", in: bytes) == nil {
            return ImageCodecError(.truncated, "the PNG is cut short in its \(stage) (\(message)); if it is still being copied, wait for the copy to finish")
        }
        return ImageCodecError(.corrupt, "the PNG's \(stage) is corrupt: \(message)")
    }

    /// `png` with a chunk added just before the first chunk of type `before`.
    static func inserting(chunk type: String, payload: [UInt8], beforeFirst before: String, in png: [UInt8]) -> [UInt8] {
        let wanted = Array(before.utf8)
        var i = 8
        while i + 8 <= png.count {
            let length = Int(png[i]) << 24 | Int(png[i + 1]) << 16 | Int(png[i + 2]) << 8 | Int(png[i + 3])
            if png[(i + 4)..<(i + 8)].elementsEqual(wanted) {
                let body = Array(type.utf8) + payload
                let crc = CRC32.checksum(body)
                var chunk = bigEndian32(payload.count) + body
                chunk += bigEndian32(Int(crc))
                return Array(png[..<i]) + chunk + Array(png[i...])
            }
            i += length + 12
        }
        return png
    }

    private static func bigEndian32(_ value: Int) -> [UInt8] {
        [UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    /// The payload of the first chunk of this type, found by walking the chunk list.
    static func chunk(_ type: String, in bytes: [UInt8]) -> [UInt8]? {
        let wanted = Array(type.utf8)
        var i = 8
        while i + 8 <= bytes.count {
            let length = Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            let start = i + 8
            guard length >= 0, start + length <= bytes.count else { return nil }
            if bytes[(i + 4)..<(i + 8)].elementsEqual(wanted) { return Array(bytes[start..<(start + length)]) }
            i = start + length + 4
        }
        return nil
    }
}
