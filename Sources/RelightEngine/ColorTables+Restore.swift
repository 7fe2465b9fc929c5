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

    /// sRGB byte → linear light ×16384, for the restore's fixed-point pass (``AffineGrid/runFixed``).
    static let toLinearQ14: [UInt16] = (0..<256).map { UInt16((linear(fromEncoded: Double($0) / 255) * 16384).rounded()) }

    /// ``toSRGBClamped`` and three bytes more, so a four-byte gather at its last index stays inside it.
    static let toSRGBClampedPadded: [UInt8] = toSRGBClamped + [255, 255, 255]

    /// ``toLinearQ14`` as 32-bit values, for the AVX2 kernel's gathers.
    static let toLinearQ14Wide: [UInt32] = toLinearQ14.map { UInt32($0) }

    /// The linear value an sRGB-encoded 0...1 float stands for.
    static func linear(fromEncoded c: Double) -> Double {
        c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
    }
}
