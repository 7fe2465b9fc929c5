import Foundation

extension ColorTables {
    /// Entries per unit of linear light in ``toSRGBClamped``: 1/16384 steps keep even the darkest sRGB codes distinct.
    static let clampedScale: Float = 16384

    /// Linear light 0...1 (index = value × 16384) → sRGB byte, with no shoulder: restore reproduces the
    /// model's tones as they are, so it must not roll them off. 16 KB.
    static let toSRGBClamped: [UInt8] = (0...Int(clampedScale)).map { index in
        let linear = Double(index) / Double(clampedScale)
        let encoded = linear <= 0.0031308 ? linear * 12.92 : 1.055 * pow(linear, 1 / 2.4) - 0.055
        return UInt8(max(0, min(255, (encoded * 255).rounded())))
    }

    /// The linear value an sRGB-encoded 0...1 float stands for.
    static func linear(fromEncoded c: Double) -> Double {
        c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
    }
}
