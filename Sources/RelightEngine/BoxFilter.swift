/// Mean filters over a `width`×`height` grid of floats, O(n) in the radius, by running sums.
enum BoxFilter {
    /// The mean over a (2r+1)² window, clamped at the borders (the window shrinks there).
    static func mean(_ input: [Float], width: Int, height: Int, radius: Int) -> [Float] {
        guard radius > 0 else { return input }
        var horizontal = [Float](repeating: 0, count: input.count)
        var output = [Float](repeating: 0, count: input.count)
        input.withUnsafeBufferPointer { src in
            horizontal.withUnsafeMutableBufferPointer { dst in
                runningMeans(src.baseAddress!, width: width, height: height, radius: radius, into: dst.baseAddress!)
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

    /// The horizontal pass: each row's running mean over 2r+1 columns. A running sum is a chain of dependent
    /// adds, so four rows run at once in the lanes of one SIMD4 (independent chains), and each step adds the
    /// difference of the value entering and the one leaving (one add in the chain, not two).
    private static func runningMeans(
        _ src: UnsafePointer<Float>, width: Int, height: Int, radius: Int, into dst: UnsafeMutablePointer<Float>
    ) {
        // 1 / the window's size per column (it shrinks at the borders): the same for every row.
        var inverse = [Float](repeating: 0, count: width)
        for i in 0..<width { inverse[i] = 1 / Float(min(i + radius, width - 1) - max(i - radius, 0) + 1) }
        inverse.withUnsafeBufferPointer { inverse in
            let inv = inverse.baseAddress!
            for y in stride(from: 0, to: height, by: 4) {
                // Past the last row the lanes repeat it: the same arithmetic on the same values, stored twice.
                let s0 = src + y * width, s1 = src + min(y + 1, height - 1) * width
                let s2 = src + min(y + 2, height - 1) * width, s3 = src + min(y + 3, height - 1) * width
                let d0 = dst + y * width, d1 = dst + min(y + 1, height - 1) * width
                let d2 = dst + min(y + 2, height - 1) * width, d3 = dst + min(y + 3, height - 1) * width
                @inline(__always) func column(_ i: Int) -> SIMD4<Float> { SIMD4(s0[i], s1[i], s2[i], s3[i]) }
                var sum = SIMD4<Float>.zero
                for i in 0...min(radius, width - 1) { sum += column(i) }
                for i in 0..<width {
                    let mean = sum * inv[i]
                    d0[i] = mean[0]
                    d1[i] = mean[1]
                    d2[i] = mean[2]
                    d3[i] = mean[3]
                    let entering = i + radius + 1 < width ? column(i + radius + 1) : .zero
                    sum += i >= radius ? entering - column(i - radius) : entering
                }
            }
        }
    }
}
