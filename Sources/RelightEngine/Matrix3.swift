/// A small row-major 3 × 3 matrix of doubles, for the per-vertex solves of restore.
struct Matrix3: Equatable {
    var m: (Double, Double, Double, Double, Double, Double, Double, Double, Double)

    init(_ a: Double, _ b: Double, _ c: Double, _ d: Double, _ e: Double, _ f: Double, _ g: Double, _ h: Double, _ i: Double) {
        m = (a, b, c, d, e, f, g, h, i)
    }

    static let zero = Matrix3(0, 0, 0, 0, 0, 0, 0, 0, 0)
    static let identity = Matrix3(1, 0, 0, 0, 1, 0, 0, 0, 1)

    static func diagonal(_ d: SIMD3<Double>) -> Matrix3 { Matrix3(d.x, 0, 0, 0, d.y, 0, 0, 0, d.z) }

    static func == (l: Matrix3, r: Matrix3) -> Bool {
        (0..<9).allSatisfy { l[$0 / 3, $0 % 3] == r[$0 / 3, $0 % 3] }
    }

    subscript(row: Int, column: Int) -> Double {
        get {
            withUnsafeBytes(of: m) { $0.load(fromByteOffset: (row * 3 + column) * 8, as: Double.self) }
        }
        set {
            withUnsafeMutableBytes(of: &m) { $0.storeBytes(of: newValue, toByteOffset: (row * 3 + column) * 8, as: Double.self) }
        }
    }

    static func + (l: Matrix3, r: Matrix3) -> Matrix3 {
        var out = l
        for k in 0..<9 { out[k / 3, k % 3] += r[k / 3, k % 3] }
        return out
    }

    static func * (l: Matrix3, s: Double) -> Matrix3 {
        var out = l
        for k in 0..<9 { out[k / 3, k % 3] *= s }
        return out
    }

    static func * (l: Matrix3, r: Matrix3) -> Matrix3 {
        var out = Matrix3.zero
        for i in 0..<3 {
            for j in 0..<3 {
                out[i, j] = l[i, 0] * r[0, j] + l[i, 1] * r[1, j] + l[i, 2] * r[2, j]
            }
        }
        return out
    }

    /// Mᵀ v.
    func transposedTimes(_ v: SIMD3<Double>) -> SIMD3<Double> {
        SIMD3(
            self[0, 0] * v.x + self[1, 0] * v.y + self[2, 0] * v.z,
            self[0, 1] * v.x + self[1, 1] * v.y + self[2, 1] * v.z,
            self[0, 2] * v.x + self[1, 2] * v.y + self[2, 2] * v.z
        )
    }

    /// The inverse by cofactors; the callers' matrices are regularised, so the determinant is positive.
    var inverse: Matrix3 {
        let a = self[0, 0], b = self[0, 1], c = self[0, 2]
        let d = self[1, 0], e = self[1, 1], f = self[1, 2]
        let g = self[2, 0], h = self[2, 1], i = self[2, 2]
        let co0 = e * i - f * h, co1 = f * g - d * i, co2 = d * h - e * g
        let determinant = a * co0 + b * co1 + c * co2
        guard abs(determinant) > 1e-300 else { return .identity }
        let s = 1 / determinant
        return Matrix3(
            co0 * s, (c * h - b * i) * s, (b * f - c * e) * s,
            co1 * s, (a * i - c * g) * s, (c * d - a * f) * s,
            co2 * s, (b * g - a * h) * s, (a * e - b * d) * s
        )
    }
}
