import ImagePixels

/// The simple peers of restore, in linear light, with bilinear upscaling.
enum Transfer {
    /// Low-pass of the result plus the original's high-pass: up(result) + (original − up(proxy)).
    static func additive(original: PixelBuffer, proxy: PixelBuffer, result: PixelBuffer) -> PixelBuffer {
        combine(original: original, proxy: proxy, result: result) { o, p, r in r + (o - p) }
    }

    /// The original's detail as a ratio: up(result) × original / up(proxy), as the engine applies its gain.
    static func ratio(original: PixelBuffer, proxy: PixelBuffer, result: PixelBuffer) -> PixelBuffer {
        combine(original: original, proxy: proxy, result: result) { o, p, r in r * (o + 0.002) / (p + 0.002) }
    }

    private static func combine(
        original: PixelBuffer, proxy: PixelBuffer, result: PixelBuffer, _ f: (Double, Double, Double) -> Double
    ) -> PixelBuffer {
        let up = result.resized(width: original.width, height: original.height)
        let low = proxy.resized(width: original.width, height: original.height)
        var out = original
        let c = original.channels
        for i in 0..<original.pixelCount {
            for k in 0..<3 {
                let j = i * c + k
                let v = f(Operators.toLinear[Int(original.bytes[j])], Operators.toLinear[Int(low.bytes[j])], Operators.toLinear[Int(up.bytes[j])])
                out.bytes[j] = Metrics.encode(v)
            }
        }
        return out
    }
}
