internal import CWebP
import ImagePixels

/// WebP through libwebp's `WebPDecode*` and `WebPEncode*` calls.
enum WebPCodec {
    static func probe(_ bytes: [UInt8]) throws(ImageCodecError) -> ImageHeader {
        var features = WebPBitstreamFeatures()
        let status = bytes.withUnsafeBufferPointer { WebPGetFeatures($0.baseAddress, $0.count, &features) }
        switch status {
        case VP8_STATUS_OK:
            return ImageHeader(format: .webp, width: Int(features.width), height: Int(features.height), hasAlpha: features.has_alpha != 0)
        case VP8_STATUS_NOT_ENOUGH_DATA:
            throw ImageCodecError(.truncated, "the WebP is cut short before its header ends; if it is still being copied, wait")
        case VP8_STATUS_UNSUPPORTED_FEATURE:
            throw ImageCodecError(.unsupported, "the WebP uses a feature libwebp does not support (animation?)")
        default:
            throw ImageCodecError(.corrupt, "the WebP header is corrupt (libwebp status \(status.rawValue))")
        }
    }

    static func decode(_ bytes: [UInt8], maxPixels: Int) throws(ImageCodecError) -> (PixelBuffer, ImageMetadata) {
        let header = try probe(bytes)
        guard header.width * header.height <= maxPixels else {
            throw ImageCodecError.tooLarge(width: header.width, height: header.height, limit: maxPixels)
        }
        if chunk("ANIM", in: bytes) != nil {
            throw ImageCodecError(.unsupported, "animated WebP is not supported; export a still image")
        }
        var pixels = PixelBuffer(width: header.width, height: header.height, layout: header.hasAlpha ? .rgba : .rgb)
        let stride = pixels.rowBytes
        let result = bytes.withUnsafeBufferPointer { src in
            pixels.bytes.withUnsafeMutableBufferPointer { dst in
                header.hasAlpha
                    ? WebPDecodeRGBAInto(src.baseAddress, src.count, dst.baseAddress, dst.count, Int32(stride))
                    : WebPDecodeRGBInto(src.baseAddress, src.count, dst.baseAddress, dst.count, Int32(stride))
            }
        }
        guard result != nil else {
            if declaredSize(bytes) > bytes.count {
                throw ImageCodecError(.truncated, "the WebP is cut short; if it is still being copied, wait for the copy to finish")
            }
            throw ImageCodecError(.corrupt, "the WebP image data is corrupt")
        }
        let exif = chunk("EXIF", in: bytes).map(stripExifPrefix)
        let orientation = exif.flatMap(ExifBlock.init)?.orientation ?? 1
        return (pixels, ImageMetadata(iccProfile: chunk("ICCP", in: bytes), exif: exif, orientation: orientation))
    }

    /// Lossy at `quality` below 100, lossless at 100.
    static func encode(_ image: PixelBuffer, quality: Int) throws(ImageCodecError) -> [UInt8] {
        var output: UnsafeMutablePointer<UInt8>?
        let q = Float(min(100, max(1, quality)))
        let size = image.bytes.withUnsafeBufferPointer { src -> Int in
            let w = Int32(image.width), h = Int32(image.height), s = Int32(image.rowBytes)
            switch (image.layout, quality >= 100) {
            case (.rgba, true): return WebPEncodeLosslessRGBA(src.baseAddress, w, h, s, &output)
            case (.rgba, false): return WebPEncodeRGBA(src.baseAddress, w, h, s, q, &output)
            case (.rgb, true): return WebPEncodeLosslessRGB(src.baseAddress, w, h, s, &output)
            case (.rgb, false): return WebPEncodeRGB(src.baseAddress, w, h, s, q, &output)
            }
        }
        defer { if let output { WebPFree(output) } }
        guard size > 0, let output else {
            throw ImageCodecError(.encodeFailed, "WebP encoding failed (the image may exceed WebP's 16383×16383 limit)")
        }
        return Array(UnsafeBufferPointer(start: output, count: size))
    }

    private static func declaredSize(_ bytes: [UInt8]) -> Int {
        guard bytes.count >= 8 else { return Int.max }
        return (Int(bytes[4]) | Int(bytes[5]) << 8 | Int(bytes[6]) << 16 | Int(bytes[7]) << 24) + 8
    }

    /// Some writers keep JPEG's `Exif\0\0` prefix inside the WebP EXIF chunk.
    private static func stripExifPrefix(_ exif: [UInt8]) -> [UInt8] {
        exif.starts(with: JPEGMarkers.exifPrefix) ? Array(exif.dropFirst(JPEGMarkers.exifPrefix.count)) : exif
    }

    /// The payload of the first RIFF chunk with this four-character code.
    static func chunk(_ fourCC: String, in bytes: [UInt8]) -> [UInt8]? {
        let wanted = Array(fourCC.utf8)
        var i = 12
        while i + 8 <= bytes.count {
            let length = Int(bytes[i + 4]) | Int(bytes[i + 5]) << 8 | Int(bytes[i + 6]) << 16 | Int(bytes[i + 7]) << 24
            let start = i + 8
            guard start + length <= bytes.count else { return nil }
            if bytes[i..<(i + 4)].elementsEqual(wanted) { return Array(bytes[start..<(start + length)]) }
            i = start + length + (length & 1)
        }
        return nil
    }
}
