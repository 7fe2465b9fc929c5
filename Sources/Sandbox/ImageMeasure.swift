import Foundation
import ImagePixels

/// How tests and benchmarks judge a restored output against the ground truth: PSNR, fine-detail
/// energy, and the bicubic upscaling a restore has to beat.
public enum ImageMeasure {
    /// PSNR over the colour channels (alpha ignored), in dB; 99 for identical images.
    public static func psnr(_ a: PixelBuffer, _ b: PixelBuffer) -> Double {
        precondition(a.width == b.width && a.height == b.height, "PSNR needs images of the same size")
        var sum = 0.0
        a.bytes.withUnsafeBufferPointer { pa in
            b.bytes.withUnsafeBufferPointer { pb in
                for i in 0..<a.pixelCount {
                    for k in 0..<3 {
                        let d = Double(pa[i * a.channels + k]) - Double(pb[i * b.channels + k])
                        sum += d * d
                    }
                }
            }
        }
        let mse = sum / Double(a.pixelCount * 3)
        return mse == 0 ? 99 : 10 * log10(255 * 255 / mse)
    }

    /// Mean squared 4-neighbour Laplacian of the luma: how much fine detail an image holds.
    public static func laplacianEnergy(_ image: PixelBuffer) -> Double {
        let c = image.channels, w = image.width, h = image.height
        return image.bytes.withUnsafeBufferPointer { px in
            func luma(_ x: Int, _ y: Int) -> Double {
                let i = (y * w + x) * c
                return 0.2126 * Double(px[i]) + 0.7152 * Double(px[i + 1]) + 0.0722 * Double(px[i + 2])
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

    /// `image` with fixed pseudo-random grain (luminance ±14 codes, chroma ±4): the fine detail a camera
    /// records, which an enlarged sample photo lacks and which a small proxy cannot carry.
    public static func grained(_ image: PixelBuffer) -> PixelBuffer {
        var big = image
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

    /// The mean colour of a `size`×`size` square at (`x`, `y`).
    public static func mean(_ image: PixelBuffer, x x0: Int, y y0: Int, size: Int) -> SIMD3<Double> {
        var sum = SIMD3<Double>()
        for y in y0..<(y0 + size) {
            for x in x0..<(x0 + size) {
                let i = (y * image.width + x) * image.channels
                sum += SIMD3(Double(image.bytes[i]), Double(image.bytes[i + 1]), Double(image.bytes[i + 2]))
            }
        }
        return sum / Double(size * size)
    }

    /// `image` scaled to `width`×`height` with Catmull-Rom bicubic interpolation (pixel centres
    /// aligned, edges replicated): the plain upscaling of a model result that restore must beat.
    public static func bicubic(_ image: PixelBuffer, width: Int, height: Int) -> PixelBuffer {
        let c = image.channels, sw = image.width, sh = image.height
        func taps(_ output: Int, _ input: Int) -> [(index: [Int], weight: [Double])] {
            (0..<output).map { o in
                let s = (Double(o) + 0.5) * Double(input) / Double(output) - 0.5
                let base = Int(s.rounded(.down)), t = s - Double(base)
                let weights = [
                    ((-0.5 * t + 1) * t - 0.5) * t,
                    (1.5 * t - 2.5) * t * t + 1,
                    ((-1.5 * t + 2) * t + 0.5) * t,
                    (0.5 * t - 0.5) * t * t,
                ]
                return ((-1...2).map { min(input - 1, max(0, base + $0)) }, weights)
            }
        }
        let horizontal = taps(width, sw), vertical = taps(height, sh)
        var middle = [Double](repeating: 0, count: width * sh * c)
        for y in 0..<sh {
            for x in 0..<width {
                let tap = horizontal[x]
                for k in 0..<c {
                    var v = 0.0
                    for j in 0..<4 { v += tap.weight[j] * Double(image.bytes[(y * sw + tap.index[j]) * c + k]) }
                    middle[(y * width + x) * c + k] = v
                }
            }
        }
        var out = PixelBuffer(width: width, height: height, layout: image.layout)
        for y in 0..<height {
            let tap = vertical[y]
            for x in 0..<width {
                for k in 0..<c {
                    var v = 0.0
                    for j in 0..<4 { v += tap.weight[j] * middle[(tap.index[j] * width + x) * c + k] }
                    out.bytes[(y * width + x) * c + k] = UInt8(max(0, min(255, v.rounded())))
                }
            }
        }
        return out
    }
}
