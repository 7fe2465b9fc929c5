import Foundation
import ImagePixels
import Sandbox

/// Measurements shared by the benchmark modes: the same ones the tests use (Sandbox's `ImageMeasure`
/// and `SmoothOperator`'s transfer functions).
enum Metrics {
    static func linear(_ c: Double) -> Double { SmoothOperator.linear(c) }

    static func encode(_ v: Double) -> UInt8 { SmoothOperator.encode(v) }

    static func psnr(_ a: PixelBuffer, _ b: PixelBuffer) -> Double { ImageMeasure.psnr(a, b) }

    static func laplacianEnergy(_ image: PixelBuffer) -> Double { ImageMeasure.laplacianEnergy(image) }
}
