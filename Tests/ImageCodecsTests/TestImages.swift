import ImagePixels

/// Generated images with known content.
enum TestImages {
    /// A smooth, asymmetric RGB(A) pattern: red rises to the right, green downwards, blue on a diagonal.
    static func gradient(width: Int = 64, height: Int = 48, layout: PixelLayout = .rgb) -> PixelBuffer {
        var image = PixelBuffer(width: width, height: height, layout: layout)
        for y in 0..<height {
            for x in 0..<width {
                let i = (y * width + x) * layout.channels
                image.bytes[i] = UInt8(x * 255 / max(1, width - 1))
                image.bytes[i + 1] = UInt8(y * 255 / max(1, height - 1))
                image.bytes[i + 2] = UInt8((x + y) * 255 / max(1, width + height - 2))
                if layout == .rgba { image.bytes[i + 3] = UInt8((x * 4) % 256) }
            }
        }
        return image
    }

    /// The largest absolute difference between two same-sized buffers' bytes.
    static func maxDifference(_ a: PixelBuffer, _ b: PixelBuffer) -> Int {
        zip(a.bytes, b.bytes).reduce(0) { max($0, abs(Int($1.0) - Int($1.1))) }
    }

    /// The mean absolute difference between two same-sized buffers' bytes.
    static func meanDifference(_ a: PixelBuffer, _ b: PixelBuffer) -> Double {
        Double(zip(a.bytes, b.bytes).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }) / Double(a.bytes.count)
    }
}
