extension BilateralGrid {
    /// Each vertex's 3 × 4 affine transform (linear RGB + 1 → linear RGB), as three rows, one per output channel.
    ///
    /// Per vertex, in centred form: the 3 × 3 matrix solves (c·Cov + λI) M = c·Cross + λK, where K is the
    /// diagonal of output/input mean ratios, and the offset then matches the means. c = n / (n + n₀) fades a
    /// sparse vertex's statistics into the frame's global ones. So a flat or empty vertex becomes a per-channel
    /// gain (the engine's ratio step, which keeps texture in proportion), a textured one a full colour fit,
    /// and there is no division by a small variance anywhere.
    func solve(regularization lambda: Double, priorSamples: Double) -> [SIMD4<Float>] {
        let global = Moments(self.total, at: 0)
        var rows = [SIMD4<Float>](repeating: .zero, count: vertexCount * 3)
        for v in 0..<vertexCount {
            let cell = Moments(sums, at: v * Self.stride)
            let n = cell.count
            let c = n / (n + priorSamples)
            // Means, with the global ones standing in where the vertex has few samples.
            var meanIn = global.meanIn, meanOut = global.meanOut
            if n > 0 {
                meanIn = c * cell.meanIn + (1 - c) * global.meanIn
                meanOut = c * cell.meanOut + (1 - c) * global.meanOut
            }
            // The prior: per-channel ratios of the means, kept finite in the dark and bounded.
            let epsilon = 0.002
            let ratio = ((meanOut + epsilon) / (meanIn + epsilon)).clamped(lowerBound: SIMD3(repeating: 1.0 / 16), upperBound: SIMD3(repeating: 16))
            var a = Matrix3.identity * lambda
            var b = Matrix3.diagonal(ratio * lambda)
            if n > 0 {
                a = a + cell.covariance * c
                b = b + cell.crossCovariance * c
            }
            // M (input channel × output channel) = a⁻¹ b; a is symmetric positive definite (λ > 0).
            let m = a.inverse * b
            let offset = meanOut - m.transposedTimes(meanIn)
            for j in 0..<3 {
                rows[v * 3 + j] = SIMD4(Float(m[0, j]), Float(m[1, j]), Float(m[2, j]), Float(offset[j]))
            }
        }
        return rows
    }
}

/// The centred statistics of one vertex's sums.
private struct Moments {
    var count: Double
    var meanIn: SIMD3<Double>
    var meanOut: SIMD3<Double>
    var covariance: Matrix3
    var crossCovariance: Matrix3

    init(_ s: [Double], at i: Int) {
        count = s[i + BilateralGrid.weight]
        guard count > 0 else {
            meanIn = .zero
            meanOut = .zero
            covariance = .zero
            crossCovariance = .zero
            return
        }
        let inverse = 1 / count
        let mi = SIMD3(s[i + 1], s[i + 2], s[i + 3]) * inverse
        let mo = SIMD3(s[i + 4], s[i + 5], s[i + 6]) * inverse
        meanIn = mi
        meanOut = mo
        let q = i + BilateralGrid.inputSquares
        var cov = Matrix3(
            s[q], s[q + 1], s[q + 2],
            s[q + 1], s[q + 3], s[q + 4],
            s[q + 2], s[q + 4], s[q + 5]
        ) * inverse
        var cross = Matrix3.zero
        for r in 0..<3 {
            for col in 0..<3 {
                cov[r, col] -= mi[r] * mi[col]
                cross[r, col] = s[i + BilateralGrid.cross + r * 3 + col] * inverse - mi[r] * mo[col]
            }
        }
        covariance = cov
        crossCovariance = cross
    }
}
