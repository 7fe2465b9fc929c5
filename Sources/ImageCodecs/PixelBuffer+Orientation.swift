import ImagePixels

extension PixelBuffer {
    /// The upright image for EXIF `orientation` 1–8: the rotation and mirroring baked into the pixels.
    public func applyingOrientation(_ orientation: Int) -> PixelBuffer {
        guard (2...8).contains(orientation) else { return self }
        let w = width, h = height
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
        let c = channels
        let dx = (stepX.0 + stepX.1 * w) * c
        let dy = (stepY.0 + stepY.1 * w) * c
        let start = (origin.0 + origin.1 * w) * c
        var out = PixelBuffer(width: outW, height: outH, layout: layout)
        bytes.withUnsafeBufferPointer { src in
            out.bytes.withUnsafeMutableBufferPointer { dst in
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
        return out
    }
}
