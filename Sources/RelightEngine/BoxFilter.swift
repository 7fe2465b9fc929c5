/// Mean filters over a `width`×`height` grid of floats, O(n) in the radius, by running sums.
enum BoxFilter {
    /// The mean over a (2r+1)² window, clamped at the borders (the window shrinks there).
    static func mean(_ input: [Float], width: Int, height: Int, radius: Int) -> [Float] {
        guard radius > 0 else { return input }
        var horizontal = [Float](repeating: 0, count: input.count)
        var output = [Float](repeating: 0, count: input.count)
        input.withUnsafeBufferPointer { src in
            horizontal.withUnsafeMutableBufferPointer { dst in
                for y in 0..<height {
                    runningMean(src.baseAddress! + y * width, stride: 1, count: width, radius: radius, into: dst.baseAddress! + y * width)
                }
            }
        }
        horizontal.withUnsafeBufferPointer { src in
            output.withUnsafeMutableBufferPointer { dst in
                // Columns one at a time would thrash the cache; run all columns of a row together instead.
                var sums = [Float](repeating: 0, count: width)
                sums.withUnsafeMutableBufferPointer { sum in
                    let s = src.baseAddress!, d = dst.baseAddress!, acc = sum.baseAddress!
                    for y in 0...min(radius, height - 1) {
                        for x in 0..<width { acc[x] += s[y * width + x] }
                    }
                    for y in 0..<height {
                        let top = y - radius, bottom = y + radius
                        let count = Float(min(bottom, height - 1) - max(top, 0) + 1)
                        let inverse = 1 / count
                        for x in 0..<width { d[y * width + x] = acc[x] * inverse }
                        if bottom + 1 < height {
                            for x in 0..<width { acc[x] += s[(bottom + 1) * width + x] }
                        }
                        if top >= 0 {
                            for x in 0..<width { acc[x] -= s[top * width + x] }
                        }
                    }
                }
            }
        }
        return output
    }

    private static func runningMean(
        _ src: UnsafePointer<Float>, stride: Int, count: Int, radius: Int, into dst: UnsafeMutablePointer<Float>
    ) {
        var sum: Float = 0
        for i in 0...min(radius, count - 1) { sum += src[i * stride] }
        for i in 0..<count {
            let lo = i - radius, hi = i + radius
            let n = Float(min(hi, count - 1) - max(lo, 0) + 1)
            dst[i * stride] = sum / n
            if hi + 1 < count { sum += src[(hi + 1) * stride] }
            if lo >= 0 { sum -= src[lo * stride] }
        }
    }
}
