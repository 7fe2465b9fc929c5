extension PixelBuffer {
    /// This image as RGB: alpha is dropped, composited over `background` (white by default).
    public func flattened(background: UInt8 = 255) -> PixelBuffer {
        guard layout == .rgba else { return self }
        var out = [UInt8](repeating: 0, count: pixelCount * 3)
        let bg = UInt32(background)
        bytes.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for i in 0..<pixelCount {
                    let a = UInt32(src[i * 4 + 3])
                    for c in 0..<3 {
                        let v = UInt32(src[i * 4 + c]) * a + bg * (255 - a)
                        dst[i * 3 + c] = UInt8((v + 127) / 255)
                    }
                }
            }
        }
        return PixelBuffer(width: width, height: height, layout: .rgb, bytes: out)
    }

    /// This image as RGBA, with opaque alpha when it had none.
    public func withAlpha() -> PixelBuffer {
        guard layout == .rgb else { return self }
        var out = [UInt8](repeating: 255, count: pixelCount * 4)
        bytes.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for i in 0..<pixelCount {
                    dst[i * 4] = src[i * 3]
                    dst[i * 4 + 1] = src[i * 3 + 1]
                    dst[i * 4 + 2] = src[i * 3 + 2]
                }
            }
        }
        return PixelBuffer(width: width, height: height, layout: .rgba, bytes: out)
    }

    /// Whether any pixel is not fully opaque.
    public var hasTransparency: Bool {
        guard layout == .rgba else { return false }
        return bytes.withUnsafeBufferPointer { src in
            var i = 3
            while i < src.count {
                if src[i] != 255 { return true }
                i += 4
            }
            return false
        }
    }
}
