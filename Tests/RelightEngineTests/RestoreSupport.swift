import Foundation
import ImageCodecs
import ImagePixels

/// Images and measurements for the restore tests: a known smooth relighting, PSNR, Laplacian energy.
enum RestoreSupport {
    /// A known smooth operator in linear light: a directional gain ramp (bright at the left, rising a little
    /// downward), a warm colour shift and slightly lifted blue blacks, clamped to white.
    static func relight(_ image: PixelBuffer) -> PixelBuffer {
        var out = image
        let c = image.channels, w = image.width, h = image.height
        let colour = SIMD3<Double>(1.10, 0.98, 0.80), offset = SIMD3<Double>(0, 0.002, 0.01)
        let toLinear = (0..<256).map { linear(Double($0) / 255) }
        out.bytes.withUnsafeMutableBufferPointer { px in
            for y in 0..<h {
                let yn = (Double(y) + 0.5) / Double(h)
                for x in 0..<w {
                    let xn = (Double(x) + 0.5) / Double(w)
                    let gain = 0.45 + 0.9 * (0.7 * (1 - xn) + 0.3 * yn)
                    let i = (y * w + x) * c
                    for k in 0..<3 {
                        let v = toLinear[Int(px[i + k])] * gain * colour[k] + offset[k]
                        px[i + k] = encoded[Int(max(0, min(1, v)) * 65535 + 0.5)]
                    }
                }
            }
        }
        return out
    }

    /// Linear light in 1/65535 steps → sRGB byte.
    static let encoded: [UInt8] = (0...65535).map { encode(Double($0) / 65535) }

    static func linear(_ c: Double) -> Double { c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }

    /// Linear light → sRGB byte, exactly (not through the engine's tables).
    static func encode(_ v: Double) -> UInt8 {
        let l = max(0, min(1, v))
        let e = l <= 0.0031308 ? l * 12.92 : 1.055 * pow(l, 1 / 2.4) - 0.055
        return UInt8((e * 255).rounded())
    }

    /// A camera-sized original from a sample photo: enlarged `factor` times, with fixed pseudo-random grain
    /// (luminance ±14 codes, chroma ±4) standing in for the fine detail a camera records.
    static func original(_ name: String = "rocket.jpg", factor: Int = 3) throws -> PixelBuffer {
        let photo = try ImageDecoder.decode(try Support.fixture(name)).pixels
        var big = photo.resized(width: photo.width * factor, height: photo.height * factor)
        let c = big.channels, count = big.pixelCount
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        big.bytes.withUnsafeMutableBufferPointer { px in
            for i in 0..<count {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                let luma = Int((state >> 33) % 29) - 14
                for k in 0..<3 {
                    let chroma = Int((state >> UInt64(40 + 6 * k)) % 9) - 4
                    px[i * c + k] = UInt8(max(0, min(255, Int(px[i * c + k]) + luma + chroma)))
                }
            }
        }
        return big
    }

    /// `image` moved by (dx, dy) whole pixels, edges replicated.
    static func shifted(_ image: PixelBuffer, dx: Int, dy: Int) -> PixelBuffer {
        var out = image
        let c = image.channels, w = image.width, h = image.height
        for y in 0..<h {
            let sy = min(h - 1, max(0, y - dy))
            for x in 0..<w {
                let sx = min(w - 1, max(0, x - dx))
                for k in 0..<c { out.bytes[(y * w + x) * c + k] = image.bytes[(sy * w + sx) * c + k] }
            }
        }
        return out
    }

    /// PSNR over the colour channels (alpha ignored), in dB.
    static func psnr(_ a: PixelBuffer, _ b: PixelBuffer) -> Double {
        precondition(a.width == b.width && a.height == b.height)
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

    /// Mean squared 4-neighbour Laplacian of the luma: how much fine detail an image holds.
    static func laplacianEnergy(_ image: PixelBuffer) -> Double {
        let c = image.channels, w = image.width, h = image.height
        func luma(_ x: Int, _ y: Int) -> Double {
            let i = (y * w + x) * c
            return 0.2126 * Double(image.bytes[i]) + 0.7152 * Double(image.bytes[i + 1]) + 0.0722 * Double(image.bytes[i + 2])
        }
        var sum = 0.0
        for y in 1..<(h - 1) {
            for x in 1..<(w - 1) {
                let l = 4 * luma(x, y) - luma(x - 1, y) - luma(x + 1, y) - luma(x, y - 1) - luma(x, y + 1)
                sum += l * l
            }
        }
        return sum / Double((w - 2) * (h - 2))
    }
}
