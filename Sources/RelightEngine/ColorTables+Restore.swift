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

    /// ``toSRGBClamped`` as the index at which each code starts, laid out for the AVX-512 kernel's binary
    /// search: step s (1…8, adding 128 >> (s − 1)) holds the starts of codes (2m + 1) · (128 >> (s − 1)) for
    /// m = 0, 1, …, the first six steps padded to 32 values. 384 values.
    static let encodeStarts: [UInt16] = {
        let table = toSRGBClamped
        var start = [Int](repeating: table.count, count: 256)
        for index in table.indices.reversed() { start[Int(table[index])] = index }
        precondition(zip(table, table.dropFirst()).allSatisfy { $0 <= $1 } && table[0] == 0, "the sRGB table must rise from 0")
        var layout = [UInt16]()
        for level in 0..<8 {
            let step = 128 >> level
            var values = stride(from: step, to: 256, by: 2 * step).map { UInt16(min(start[$0], 65535)) }
            if values.count < 32 { values += [UInt16](repeating: 65535, count: 32 - values.count) }
            layout += values
        }
        return layout
    }()

    /// ``toLinearQ14`` as 32-bit values, for the AVX2 kernel's gathers.
    static let toLinearQ14Wide: [UInt32] = toLinearQ14.map { UInt32($0) }

    /// The linear value an sRGB-encoded 0...1 float stands for.
    static func linear(fromEncoded c: Double) -> Double {
        c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
    }
}
