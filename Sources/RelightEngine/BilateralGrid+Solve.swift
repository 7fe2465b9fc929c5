extension BilateralGrid {
    /// Each vertex's 3 × 4 affine transform (linear RGB + 1 → linear RGB), as three rows, one per output channel.
    ///
    /// Per vertex, a centred least-squares fit of the output on (r, g, b, x, y), with a ridge pulling the
    /// 3 × 3 colour matrix toward K, the diagonal of the vertex's output/input mean ratios; the offset then
    /// matches the means exactly and the position terms are dropped. So a flat vertex becomes a per-channel
    /// gain (the engine's ratio step, which keeps texture in proportion), a textured one a full colour fit,
    /// and nothing divides by a small variance.
    ///
    /// A vertex with few samples (n) is trusted as c = n / (n + n₀) and the rest is filled in from its
    /// neighbours' transforms (a confidence-weighted blur spreading over several vertices), or the whole
    /// frame's transform where the grid is empty around it: sparse tones and regions fade, never jump.
    func solve(regularization lambda: Double, priorSamples: Double, luminanceSmoothing: Int) -> [SIMD4<Float>] {
        let global = Self.transform(Moments(total, at: 0), lambda: lambda) ?? Self.identityRows
        var rows = [SIMD4<Double>](repeating: .zero, count: vertexCount * 3)
        var confidence = [Double](repeating: 0, count: vertexCount)
        for v in 0..<vertexCount {
            let cell = Moments(sums, at: v * Self.stride)
            guard let t = Self.transform(cell, lambda: lambda) else { continue }
            confidence[v] = cell.count / (cell.count + priorSamples)
            for j in 0..<3 { rows[v * 3 + j] = t[j] }
        }
        let fill = filled(rows: rows, confidence: confidence, global: global)
        var blended = (0..<vertexCount * 3).map { i in
            let c = confidence[i / 3]
            return rows[i] * c + fill[i] * (1 - c)
        }
        // Smooth the transforms along luminance: where they change fast from one bin to the next (a region
        // the model redrew, beside one it kept), a pixel's own texture would move it between them and come
        // out as speckle.
        for _ in 0..<luminanceSmoothing where depth > 1 {
            blended = Self.blurred(blended, count: depth, step: 3)
        }
        return blended.map { SIMD4<Float>($0) }
    }

    static let identityRows: [SIMD4<Double>] = [SIMD4(1, 0, 0, 0), SIMD4(0, 1, 0, 0), SIMD4(0, 0, 1, 0)]

    /// The regularised affine fit of one vertex, or nil when it has no samples.
    private static func transform(_ cell: Moments, lambda: Double) -> [SIMD4<Double>]? {
        guard cell.count > 1e-9 else { return nil }
        // The prior: per-channel ratios of the means, kept finite at black and bounded.
        let epsilon = 1e-4
        let ratio = ((cell.meanOut + epsilon) / (cell.meanIn + epsilon))
            .clamped(lowerBound: SIMD3(repeating: 1.0 / 16), upperBound: SIMD3(repeating: 16))
        // λ is relative to the vertex's level: texture in the shadows is small in linear light, and an
        // absolute λ would override its (exact) slopes with the ratio there, changing its contrast.
        let level = max(1e-3, 0.2126 * cell.meanIn.x + 0.7152 * cell.meanIn.y + 0.0722 * cell.meanIn.z)
        let strength = lambda * level * level
        // Normal equations over (r, g, b, x, y), centred: the position terms absorb a light that changes
        // across the window, which would otherwise leak into the colour slopes wherever brightness also
        // changes across it (a sky gradient under a gain ramp), and so over- or under-state texture.
        // They are dropped afterwards: across the grid, the interpolation between vertices carries that change.
        var a = [Double](repeating: 0, count: 25), b = [Double](repeating: 0, count: 15)
        for r in 0..<3 {
            for c in 0..<3 {
                a[r * 5 + c] = cell.covariance[r, c] + (r == c ? strength : 0)
                b[r * 3 + c] = cell.crossCovariance[r, c] + (r == c ? strength * ratio[r] : 0)
            }
            for k in 0..<2 {
                a[r * 5 + 3 + k] = cell.positionInput[k][r]
                a[(3 + k) * 5 + r] = cell.positionInput[k][r]
            }
        }
        for k in 0..<2 {
            for l in 0..<2 { a[(3 + k) * 5 + 3 + l] = cell.positionCovariance[k][l] + (k == l ? 1e-3 : 0) }
            for c in 0..<3 { b[(3 + k) * 3 + c] = cell.positionOutput[k][c] }
        }
        let x = SymmetricSolver.solve(a, b, size: 5, columns: 3)
        var m = Matrix3.zero
        for r in 0..<3 { for c in 0..<3 { m[r, c] = x[r * 3 + c] } }
        let offset = cell.meanOut - m.transposedTimes(cell.meanIn)
        return (0..<3).map { j in SIMD4(m[0, j], m[1, j], m[2, j], offset[j]) }
    }

    /// For every vertex, the confidence-weighted average of the transforms around it (8 passes of a
    /// [1, 2, 1] blur on each axis, so about ±4 vertices), or `global` where there is no data that near.
    private func filled(rows: [SIMD4<Double>], confidence: [Double], global: [SIMD4<Double>]) -> [SIMD4<Double>] {
        var weighted = (0..<vertexCount * 3).map { rows[$0] * confidence[$0 / 3] }
        var weights = confidence
        let axes = [(cellsX + 1, depth), (cellsY + 1, (cellsX + 1) * depth), (depth, 1)]
        for _ in 0..<8 {
            for (count, step) in axes where count > 1 {
                weighted = Self.blurred(weighted, count: count, step: step * 3)
                weights = Self.blurred(weights, count: count, step: step)
            }
        }
        return (0..<vertexCount * 3).map { i in
            let w = weights[i / 3]
            return w > 1e-6 ? weighted[i] / w : global[i % 3]
        }
    }

    /// One [1, 2, 1] / 4 pass along the axis whose elements are `step` apart and `count` long (edges replicated).
    static func blurred<T: BlurrableValue>(_ values: [T], count: Int, step: Int) -> [T] {
        var out = values
        for i in values.indices {
            let position = (i / step) % count
            let previous = position > 0 ? i - step : i
            let next = position < count - 1 ? i + step : i
            out[i] = values[previous] * 0.25 + values[i] * 0.5 + values[next] * 0.25
        }
        return out
    }
}

/// What ``BilateralGrid/blurred(_:count:step:)`` can average.
protocol BlurrableValue {
    static func * (value: Self, weight: Double) -> Self
    static func + (l: Self, r: Self) -> Self
}

extension Double: BlurrableValue {}
extension SIMD4: BlurrableValue where Scalar == Double {}

/// The centred statistics of one vertex's sums.
private struct Moments {
    var count: Double
    var meanIn: SIMD3<Double>
    var meanOut: SIMD3<Double>
    var covariance: Matrix3
    var crossCovariance: Matrix3
    /// Covariances of the position (x, y) with itself, the input and the output.
    var positionCovariance: [[Double]] = [[0, 0], [0, 0]]
    var positionInput: [SIMD3<Double>] = [.zero, .zero]
    var positionOutput: [SIMD3<Double>] = [.zero, .zero]

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
        let p = i + BilateralGrid.position
        let ms = SIMD2(s[p], s[p + 1]) * inverse
        positionCovariance = [
            [s[p + 2] * inverse - ms.x * ms.x, s[p + 3] * inverse - ms.x * ms.y],
            [s[p + 3] * inverse - ms.x * ms.y, s[p + 4] * inverse - ms.y * ms.y],
        ]
        positionInput = (0..<2).map { k in SIMD3(s[p + 5 + 3 * k], s[p + 6 + 3 * k], s[p + 7 + 3 * k]) * inverse - ms[k] * mi }
        positionOutput = (0..<2).map { k in SIMD3(s[p + 11 + 3 * k], s[p + 12 + 3 * k], s[p + 13 + 3 * k]) * inverse - ms[k] * mo }
    }
}
