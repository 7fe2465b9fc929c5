import Foundation

/// Tables for 16-bit samples. The way back from linear light is indexed by √(linear / range): even
/// steps in the square root are fine where sRGB is steep (near black) and coarse where it is flat,
/// so 65536 entries keep every output within about one 16-bit code.
extension ColorTables {
    /// sRGB-encoded 16-bit sample → linear light, 0...1. 256 KB.
    static let deepToLinear: [Float] = (0..<65536).map { Float(linear(fromEncoded: Double($0) / 65535)) }

    /// The linear range the shouldered table covers (the shoulder has reached white well before it).
    static let deepShoulderRange: Float = 2

    /// Linear light → 16-bit sRGB with the engine's highlight shoulder; index = √(linear / 2) × 65535.
    static let deepFromLinearShoulder: [UInt16] = (0..<65536).map { index in
        let root = Double(index) / 65535
        let linear = root * root * Double(deepShoulderRange)
        let shoulderStart = 0.8
        let compressed = linear <= shoulderStart
            ? linear
            : shoulderStart + (1 - shoulderStart) * (1 - exp(-(linear - shoulderStart) / (1 - shoulderStart)))
        return UInt16(max(0, min(65535, (encoded(compressed) * 65535).rounded())))
    }

    /// Linear light 0...1 → 16-bit sRGB with no shoulder (restore); index = √linear × 65535.
    static let deepFromLinearClamped: [UInt16] = (0..<65536).map { index in
        let root = Double(index) / 65535
        return UInt16(max(0, min(65535, (encoded(root * root) * 65535).rounded())))
    }

    /// sRGB encoding of a linear value 0...1.
    static func encoded(_ linear: Double) -> Double {
        linear <= 0.0031308 ? linear * 12.92 : 1.055 * pow(linear, 1 / 2.4) - 0.055
    }

    /// The table index for `linear` in a √-indexed table covering 0...range, clamped.
    @inline(__always)
    static func rootIndex(_ linear: Float, over range: Float) -> Int {
        let root = (Swift.max(0, Swift.min(linear, range)) / range).squareRoot()
        return Int(root * 65535 + 0.5)
    }
}
