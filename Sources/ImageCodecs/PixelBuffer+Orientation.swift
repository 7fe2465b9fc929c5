import ImagePixels

extension PixelBuffer {
    /// The upright image for EXIF `orientation` 1–8: the rotation and mirroring baked into the pixels.
    public func applyingOrientation(_ orientation: Int) -> PixelBuffer {
        guard let turned = Orientation.apply(orientation, to: bytes, width: width, height: height, channels: channels) else { return self }
        return PixelBuffer(width: turned.width, height: turned.height, layout: layout, bytes: turned.values)
    }
}

extension PixelBuffer16 {
    /// The upright image for EXIF `orientation` 1–8: the rotation and mirroring baked into the pixels.
    public func applyingOrientation(_ orientation: Int) -> PixelBuffer16 {
        guard let turned = Orientation.apply(orientation, to: samples, width: width, height: height, channels: channels) else { return self }
        return PixelBuffer16(width: turned.width, height: turned.height, layout: layout, samples: turned.values)
    }
}

/// EXIF orientation as a walk over interleaved samples of any width.
enum Orientation {
    /// The reoriented samples and size, or nil for orientation 1 (or an invalid value).
    static func apply<Sample: FixedWidthInteger>(
        _ orientation: Int, to values: [Sample], width w: Int, height h: Int, channels c: Int
    ) -> (values: [Sample], width: Int, height: Int)? {
        guard (2...8).contains(orientation) else { return nil }
        let transposed = orientation >= 5
        let outW = transposed ? h : w
        let outH = transposed ? w : h
        // The source position of output (0, 0), and the source step for one output x and one output y.
        let (origin, stepX, stepY): ((Int, Int), (Int, Int), (Int, Int)) = switch orientation {
        case 2: ((w - 1, 0), (-1, 0), (0, 1))
        case 3: ((w - 1, h - 1), (-1, 0), (0, -1))
        case 4: ((0, h - 1), (1, 0), (0, -1))
        case 5: ((0, 0), (0, 1), (1, 0))
        case 6: ((0, h - 1), (0, -1), (1, 0))
        case 7: ((w - 1, h - 1), (0, -1), (-1, 0))
        default: ((w - 1, 0), (0, 1), (-1, 0))  // 8
        }
        let dx = (stepX.0 + stepX.1 * w) * c
        let dy = (stepY.0 + stepY.1 * w) * c
        let start = (origin.0 + origin.1 * w) * c
        var out = [Sample](repeating: 0, count: values.count)
        values.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                var o = 0
                for y in 0..<outH {
                    var s = start + y * dy
                    for _ in 0..<outW {
                        for k in 0..<c { dst[o + k] = src[s + k] }
                        o += c
                        s += dx
                    }
                }
            }
        }
        return (out, outW, outH)
    }
}
