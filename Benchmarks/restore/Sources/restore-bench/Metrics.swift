import Foundation
import ImagePixels

/// Measurements shared by the benchmark modes.
enum Metrics {
    static func linear(_ c: Double) -> Double { c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }

    static func encode(_ v: Double) -> UInt8 {
        let l = max(0, min(1, v))
        let e = l <= 0.0031308 ? l * 12.92 : 1.055 * pow(l, 1 / 2.4) - 0.055
        return UInt8((e * 255).rounded())
    }

    static func psnr(_ a: PixelBuffer, _ b: PixelBuffer) -> Double {
        var sum = 0.0
        for i in 0..<a.pixelCount {
            for k in 0..<3 {
                let d = Double(a.bytes[i * a.channels + k]) - Double(b.bytes[i * b.channels + k])
                sum += d * d
            }
        }
        let mse = sum / Double(a.pixelCount * 3)
        return mse == 0 ? 99 : 10 * log10(255 * 255 / mse)
    }

    static func laplacianEnergy(_ image: PixelBuffer) -> Double {
        let c = image.channels, w = image.width
        func luma(_ x: Int, _ y: Int) -> Double {
            let i = (y * w + x) * c
            return 0.2126 * Double(image.bytes[i]) + 0.7152 * Double(image.bytes[i + 1]) + 0.0722 * Double(image.bytes[i + 2])
        }
        var sum = 0.0
        for y in 1..<(image.height - 1) {
            for x in 1..<(w - 1) {
                let l = 4 * luma(x, y) - luma(x - 1, y) - luma(x + 1, y) - luma(x, y - 1) - luma(x, y + 1)
                sum += l * l
            }
        }
        return sum / Double((w - 2) * (image.height - 2))
    }
}
