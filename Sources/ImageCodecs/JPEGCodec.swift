internal import CTurboJPEG
import ImagePixels

/// JPEG through TurboJPEG's error-code API.
enum JPEGCodec {
    struct Header {
        var width: Int
        var height: Int
        var isCMYK: Bool
    }

    static func header(_ bytes: [UInt8], handle: TurboJPEGHandle) throws(ImageCodecError) -> Header {
        var width: Int32 = 0, height: Int32 = 0, subsamp: Int32 = 0, colorspace: Int32 = 0
        let status = bytes.withUnsafeBufferPointer { buffer in
            tjDecompressHeader3(handle.raw, buffer.baseAddress, UInt(buffer.count), &width, &height, &subsamp, &colorspace)
        }
        guard status == 0, width > 0, height > 0 else {
            // No start-of-scan marker at all: the file stops before its image data.
            let hasScan = bytes.indices.dropLast().contains { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xDA }
            if !hasScan {
                throw ImageCodecError(.truncated, "the JPEG ends before its image data (\(handle.errorMessage)); if it is still being copied, wait")
            }
            throw ImageCodecError(.corrupt, "the JPEG header is invalid: \(handle.errorMessage)")
        }
        let cmyk = colorspace == Int32(TJCS_CMYK.rawValue) || colorspace == Int32(TJCS_YCCK.rawValue)
        return Header(width: Int(width), height: Int(height), isCMYK: cmyk)
    }

    static func probe(_ bytes: [UInt8]) throws(ImageCodecError) -> ImageHeader {
        let handle = try TurboJPEGHandle(compressor: false)
        let header = try header(bytes, handle: handle)
        return ImageHeader(format: .jpeg, width: header.width, height: header.height, hasAlpha: false)
    }

    static func decode(_ bytes: [UInt8], maxPixels: Int, minimumScale: Double = 1) throws(ImageCodecError) -> (PixelBuffer, ImageMetadata) {
        let handle = try TurboJPEGHandle(compressor: false)
        let stored = try header(bytes, handle: handle)
        guard stored.width * stored.height <= maxPixels else {
            throw ImageCodecError.tooLarge(width: stored.width, height: stored.height, limit: maxPixels)
        }
        // DCT scaling: the smallest of 1/8, 1/4, 1/2 that is not below the caller's minimum scale.
        let denominator = [8, 4, 2].first { 1 / Double($0) >= minimumScale } ?? 1
        var header = stored
        header.width = (stored.width + denominator - 1) / denominator
        header.height = (stored.height + denominator - 1) / denominator
        let channels = header.isCMYK ? 4 : 3
        let format = header.isCMYK ? TJPF_CMYK : TJPF_RGB
        // TurboJPEG writes every byte (it fills missing data itself), so the buffer need not be zeroed first.
        var status: Int32 = 0
        let pixels = [UInt8](unsafeUninitializedCapacity: header.width * header.height * channels) { dst, count in
            LargeBuffer.preferHugePages(UnsafeMutableRawBufferPointer(dst))
            status = bytes.withUnsafeBufferPointer { src in
                tjDecompress2(
                    handle.raw, src.baseAddress, UInt(src.count), dst.baseAddress,
                    Int32(header.width), 0, Int32(header.height), format.rawValue, 0
                )
            }
            count = dst.count
        }
        if status != 0 {
            let message = handle.errorMessage
            if !handle.lastFailureWasWarning {
                throw ImageCodecError(.corrupt, "the JPEG data is corrupt: \(message)")
            }
            if message.contains("Premature end") {
                throw ImageCodecError(.truncated, "the JPEG is cut short (\(message)); if it is still being copied, wait for the copy to finish")
            }
        }
        let rgb = header.isCMYK ? cmykToRGB(pixels, count: header.width * header.height) : pixels
        let (exif, icc) = JPEGMarkers.metadata(in: bytes)
        let orientation = exif.flatMap(ExifBlock.init)?.orientation ?? 1
        // A CMYK source's ICC profile describes CMYK, which the RGB output no longer is.
        let metadata = ImageMetadata(iccProfile: header.isCMYK ? nil : icc, exif: exif, orientation: orientation)
        return (PixelBuffer(width: header.width, height: header.height, layout: .rgb, bytes: rgb), metadata)
    }

    /// Adobe-style (inverted) CMYK, as libjpeg returns it, to RGB: R = C'·K'/255 where ' is the stored value.
    private static func cmykToRGB(_ cmyk: [UInt8], count: Int) -> [UInt8] {
        var rgb = [UInt8](repeating: 0, count: count * 3)
        cmyk.withUnsafeBufferPointer { src in
            rgb.withUnsafeMutableBufferPointer { dst in
                for i in 0..<count {
                    let k = UInt32(src[i * 4 + 3])
                    for c in 0..<3 {
                        dst[i * 3 + c] = UInt8((UInt32(src[i * 4 + c]) * k + 127) / 255)
                    }
                }
            }
        }
        return rgb
    }

    /// Encodes RGB (alpha is composited over white first). Quality 90 and above keeps full chroma resolution.
    static func encode(_ image: PixelBuffer, quality: Int) throws(ImageCodecError) -> [UInt8] {
        let rgb = image.flattened()
        let handle = try TurboJPEGHandle(compressor: true)
        let q = min(100, max(1, quality))
        let subsampling = q >= 90 ? TJSAMP_444 : TJSAMP_420
        var output: UnsafeMutablePointer<UInt8>?
        var size: UInt = 0
        let status = rgb.bytes.withUnsafeBufferPointer { src in
            tjCompress2(
                handle.raw, src.baseAddress, Int32(rgb.width), 0, Int32(rgb.height), TJPF_RGB.rawValue,
                &output, &size, Int32(subsampling.rawValue), Int32(q), 0
            )
        }
        defer { if let output { tjFree(output) } }
        guard status == 0, let output else {
            throw ImageCodecError(.encodeFailed, "JPEG encoding failed: \(handle.errorMessage)")
        }
        return Array(UnsafeBufferPointer(start: output, count: Int(size)))
    }
}
