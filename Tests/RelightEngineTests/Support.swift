import Foundation
import ImageCodecs
import ImagePixels
import RelightConfig

/// The committed test images and measurements on pixel buffers.
enum Support {
    static func fixtureURL(_ name: String) -> URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent(name)
    }

    static func fixture(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: fixtureURL(name)))
    }

    /// The 256×256 portrait, decoded.
    static func portrait() throws -> PixelBuffer {
        try ImageDecoder.decode(try fixture("portrait.jpg")).pixels
    }

    /// A profile that keeps the 256×256 test image at its size (1:1, highres 1), with the given wording.
    static func profile(
        _ prompt: String, light: String? = nil, negative: String? = nil, seed: Int? = 7, images: Int = 1,
        format: OutputFormat = .jpg
    ) -> LightingProfile {
        LightingProfile(
            name: "test", prompt: prompt, lightSource: light, negativePrompt: negative, numberOfImages: images,
            width: 256, height: 256, highresScale: 1, outputFormat: format, outputQuality: 90, seed: seed
        )
    }

    /// Mean channel values (0...255) over a region given as fractions of the image.
    static func mean(_ image: PixelBuffer, x: ClosedRange<Double> = 0...1, y: ClosedRange<Double> = 0...1) -> SIMD3<Double> {
        let x0 = Int(x.lowerBound * Double(image.width)), x1 = max(x0 + 1, Int(x.upperBound * Double(image.width)))
        let y0 = Int(y.lowerBound * Double(image.height)), y1 = max(y0 + 1, Int(y.upperBound * Double(image.height)))
        var sum = SIMD3<Double>(0, 0, 0)
        for row in y0..<y1 {
            for column in x0..<x1 {
                let i = (row * image.width + column) * image.channels
                sum += SIMD3(Double(image.bytes[i]), Double(image.bytes[i + 1]), Double(image.bytes[i + 2]))
            }
        }
        return sum / Double((x1 - x0) * (y1 - y0))
    }

    /// Rec. 709 luma of a mean colour.
    static func luma(_ rgb: SIMD3<Double>) -> Double {
        0.2126 * rgb.x + 0.7152 * rgb.y + 0.0722 * rgb.z
    }

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("relight-engine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
