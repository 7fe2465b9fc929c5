import Foundation

/// Precomputed colour conversions, built once per process.
enum ColorTables {
    /// sRGB byte → linear light, 0...1.
    static let toLinear: [Float] = (0..<256).map { value in
        let c = Double(value) / 255
        return Float(c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4))
    }

    /// sRGB byte → linear light in 1/8192 steps (white = 8192), for the fixed-point apply loop.
    static let toLinear16: [UInt16] = toLinear.map { UInt16(($0 * linearScale).rounded()) }

    /// The same values as 32-bit integers, for the AVX2 relight pass's gathers.
    static let toLinear32: [UInt32] = toLinear16.map(UInt32.init)

    /// Entries per unit of linear light in ``toSRGB``: 1/8192 steps are 0.4 of an sRGB code even at black.
    static let linearScale: Float = 8192
    /// The largest linear value the table covers; the shoulder has reached white well before it.
    static let linearMax: Float = 2

    /// Linear light (index = value × 8192, up to 2.0) → sRGB byte, with a soft shoulder above 0.8
    /// so gains above 1 roll highlights off instead of clipping them. 16 KB, so it stays in L1 cache.
    static let toSRGB: [UInt8] = {
        // 65536 entries, so any product of a linear value (≤ 8192) and a gain (< 8 × 4096) indexes it
        // without a clamp; entries past linearMax are white. Only the first 16 KB are hot.
        var table = [UInt8](repeating: 255, count: 65536)
        for index in 0...Int(linearScale * linearMax) {
            let linear = Double(index) / Double(linearScale)
            let shoulderStart = 0.8
            let compressed = linear <= shoulderStart
                ? linear
                : shoulderStart + (1 - shoulderStart) * (1 - exp(-(linear - shoulderStart) / (1 - shoulderStart)))
            let encoded = compressed <= 0.0031308 ? compressed * 12.92 : 1.055 * pow(compressed, 1 / 2.4) - 0.055
            table[index] = UInt8(max(0, min(255, (encoded * 255).rounded())))
        }
        return table
    }()

    /// The colour of a black body at `kelvin`, as linear RGB gains with unit luminance
    /// (Tanner Helland's fit, converted to linear light).
    static func kelvin(_ kelvin: Float) -> SIMD3<Float> {
        let t = Double(max(1000, min(40000, kelvin))) / 100
        let r: Double = t <= 66 ? 255 : 329.698727446 * pow(t - 60, -0.1332047592)
        let g: Double = t <= 66 ? 99.4708025861 * log(t) - 161.1195681661 : 288.1221695283 * pow(t - 60, -0.0755148492)
        let b: Double = t >= 66 ? 255 : (t <= 19 ? 0 : 138.5177312231 * log(t - 10) - 305.0447927307)
        func linear(_ v: Double) -> Float {
            let c = max(0, min(255, v)) / 255
            return Float(c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4))
        }
        let rgb = SIMD3<Float>(linear(r), linear(g), linear(b))
        return rgb / max(1e-4, luminance(rgb))
    }

    /// Linear RGB with unit luminance for an sRGB-style colour given as 0...1 components.
    static func tint(_ r: Float, _ g: Float, _ b: Float) -> SIMD3<Float> {
        let rgb = SIMD3<Float>(r, g, b)
        return rgb / max(1e-4, luminance(rgb))
    }

    static func luminance(_ rgb: SIMD3<Float>) -> Float {
        0.2126 * rgb.x + 0.7152 * rgb.y + 0.0722 * rgb.z
    }
}
