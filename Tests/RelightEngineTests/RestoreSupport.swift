import Foundation
import ImageCodecs
import ImagePixels
import Sandbox

/// Images and measurements for the restore tests: a known smooth relighting, PSNR, Laplacian energy.
enum RestoreSupport {
    /// The sandbox's known smooth operator (a directional gain and a warm cast in linear light, see
    /// `SmoothOperator`), over the whole frame.
    static func relight(_ image: PixelBuffer) -> PixelBuffer {
        SmoothOperator().apply(to: image)
    }

    /// A camera-sized original from a sample photo: enlarged `factor` times, with fixed pseudo-random grain
    /// (luminance ±14 codes, chroma ±4) standing in for the fine detail a camera records.
    static func original(_ name: String = "rocket.jpg", factor: Int = 3) throws -> PixelBuffer {
        let photo = try ImageDecoder.decode(try Support.fixture(name)).pixels
        return ImageMeasure.grained(photo.resized(width: photo.width * factor, height: photo.height * factor))
    }

    /// `image` moved by (dx, dy) whole pixels, edges replicated.
    static func shifted(_ image: PixelBuffer, dx: Int, dy: Int) -> PixelBuffer {
        SmoothOperator.shifted(image, dx: dx, dy: dy)
    }

    static func psnr(_ a: PixelBuffer, _ b: PixelBuffer) -> Double { ImageMeasure.psnr(a, b) }

    static func laplacianEnergy(_ image: PixelBuffer) -> Double { ImageMeasure.laplacianEnergy(image) }
}
