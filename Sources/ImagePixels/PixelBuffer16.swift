/// A 16-bit-per-channel, interleaved, top-down RGB or RGBA image: what a 16-bit PNG, TIFF or a
/// developed RAW holds, kept at full depth from decode to encode.
///
/// Colour values are sRGB-encoded (0...65535), like ``PixelBuffer``'s bytes; alpha is straight.
/// Analysis that needs only 8 bits (the engine's gain map, the cloud proxy) works on
/// ``eightBit()``; the full-resolution pass and the encoder use these samples.
public struct PixelBuffer16: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let layout: PixelLayout
    /// `height` rows of `width * layout.channels` samples, with no padding.
    public var samples: [UInt16]

    /// A buffer of the given size, filled with zeros.
    public init(width: Int, height: Int, layout: PixelLayout) {
        precondition(width > 0 && height > 0, "a pixel buffer needs a positive size")
        self.width = width
        self.height = height
        self.layout = layout
        samples = [UInt16](repeating: 0, count: width * height * layout.channels)
    }

    /// Wraps existing samples; `samples.count` must equal `width * height * layout.channels`.
    public init(width: Int, height: Int, layout: PixelLayout, samples: [UInt16]) {
        precondition(samples.count == width * height * layout.channels, "pixel data does not match the size")
        self.width = width
        self.height = height
        self.layout = layout
        self.samples = samples
    }

    /// An 8-bit image widened without loss (each byte `v` becomes `v × 257`).
    public init(_ image: PixelBuffer) {
        width = image.width
        height = image.height
        layout = image.layout
        samples = image.bytes.map { UInt16($0) &* 257 }
    }

    public var channels: Int { layout.channels }
    public var pixelCount: Int { width * height }

    /// The channel values of the pixel at (x, y).
    public func pixel(x: Int, y: Int) -> [UInt16] {
        let start = (y * width + x) * channels
        return Array(samples[start..<(start + channels)])
    }

    /// The nearest 8-bit image (`round(v / 257)`), for analysis and for 8-bit formats.
    public func eightBit() -> PixelBuffer {
        var bytes = [UInt8](repeating: 0, count: samples.count)
        samples.withUnsafeBufferPointer { src in
            bytes.withUnsafeMutableBufferPointer { dst in
                for i in 0..<src.count {
                    // (v × 255 + 32767) / 65535 without a division: exact for every 16-bit v.
                    let v = UInt32(src[i])
                    dst[i] = UInt8((v &* 255 &+ 32895) >> 16)
                }
            }
        }
        return PixelBuffer(width: width, height: height, layout: layout, bytes: bytes)
    }

    /// Whether every sample is an exact widening of a byte (`v × 257`), so 8 bits hold it without loss.
    public var fitsInEightBits: Bool {
        samples.allSatisfy { $0 % 257 == 0 }
    }

    /// This image as RGB: alpha is dropped, composited over white.
    public func flattened() -> PixelBuffer16 {
        guard layout == .rgba else { return self }
        var out = [UInt16](repeating: 0, count: pixelCount * 3)
        samples.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for i in 0..<pixelCount {
                    let a = UInt64(src[i * 4 + 3])
                    for c in 0..<3 {
                        let v = UInt64(src[i * 4 + c]) * a + 65535 * (65535 - a)
                        dst[i * 3 + c] = UInt16((v + 32767) / 65535)
                    }
                }
            }
        }
        return PixelBuffer16(width: width, height: height, layout: .rgb, samples: out)
    }
}
