internal import CPNG
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
        return ImageHeader(format: .png, width: Int(image.raw.width), height: Int(image.raw.height), hasAlpha: image.raw.format & flagAlpha != 0)
    }

    static func decode(_ bytes: [UInt8], maxPixels: Int) throws(ImageCodecError) -> (PixelBuffer, ImageMetadata) {
        let image = PNGImage()
        try begin(bytes, image: image)
        let width = Int(image.raw.width), height = Int(image.raw.height)
        guard width * height <= maxPixels else { throw ImageCodecError.tooLarge(width: width, height: height, limit: maxPixels) }
        let layout: PixelLayout = image.raw.format & flagAlpha != 0 ? .rgba : .rgb
        image.raw.format = layout == .rgba ? formatRGBA : formatRGB
        var pixels = PixelBuffer(width: width, height: height, layout: layout)
        let ok = pixels.bytes.withUnsafeMutableBufferPointer { buffer in
            png_image_finish_read(&image.raw, nil, buffer.baseAddress, 0, nil)
        }
        guard ok != 0 else { throw classify(image.message, bytes: bytes, stage: "image data") }
        let exif = chunk("eXIf", in: bytes)
        let orientation = exif.flatMap(ExifBlock.init)?.orientation ?? 1
        return (pixels, ImageMetadata(iccProfile: nil, exif: exif, orientation: orientation))
    }

    static func encode(_ image: PixelBuffer) throws(ImageCodecError) -> [UInt8] {
        let png = PNGImage()
        png.raw.width = UInt32(image.width)
        png.raw.height = UInt32(image.height)
        png.raw.format = image.layout == .rgba ? formatRGBA : formatRGB
        var size = 0
        let sized = image.bytes.withUnsafeBufferPointer { src in
            png_image_write_to_memory(&png.raw, nil, &size, 0, src.baseAddress, 0, nil)
        }
        guard sized != 0, size > 0 else { throw ImageCodecError(.encodeFailed, "PNG encoding failed: \(png.message)") }
        var output = [UInt8](repeating: 0, count: size)
        let written = output.withUnsafeMutableBufferPointer { dst in
            image.bytes.withUnsafeBufferPointer { src in
                png_image_write_to_memory(&png.raw, dst.baseAddress, &size, 0, src.baseAddress, 0, nil)
            }
        }
        guard written != 0 else { throw ImageCodecError(.encodeFailed, "PNG encoding failed: \(png.message)") }
        output.removeSubrange(size...)
        return output
    }

    private static func classify(_ message: String, bytes: [UInt8], stage: String) -> ImageCodecError {
        let lower = message.lowercased()
        if lower.contains("end") || lower.contains("not enough") || lower.contains("truncat") || chunk("IEND", in: bytes) == nil {
            return ImageCodecError(.truncated, "the PNG is cut short in its \(stage) (\(message)); if it is still being copied, wait for the copy to finish")
        }
        return ImageCodecError(.corrupt, "the PNG's \(stage) is corrupt: \(message)")
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
