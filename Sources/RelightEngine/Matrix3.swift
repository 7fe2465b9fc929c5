/// A small row-major 3 × 3 matrix of doubles, for the per-vertex solves of restore.
struct Matrix3: Equatable {
    var m: (Double, Double, Double, Double, Double, Double, Double, Double, Double)

    init(_ a: Double, _ b: Double, _ c: Double, _ d: Double, _ e: Double, _ f: Double, _ g: Double, _ h: Double, _ i: Double) {
        m = (a, b, c, d, e, f, g, h, i)
    }

    static let zero = Matrix3(0, 0, 0, 0, 0, 0, 0, 0, 0)

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

    static func * (l: Matrix3, s: Double) -> Matrix3 {
        var out = l
        for k in 0..<9 { out[k / 3, k % 3] *= s }
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
}
