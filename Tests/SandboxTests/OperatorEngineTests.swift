import ImageCodecs
import ImagePixels
import RelightConfig
import Sandbox
import Testing

/// `--engine operator`: the API's geometry (crop and scale, padding kept), then the known operator,
/// then the optional shift.
@Suite struct OperatorEngineTests {
    /// A 512×384 frame: grey with a white bar along the top (as a padded proxy's border would show).
    static func subject() throws -> [UInt8] {
        var pixels = PixelBuffer(width: 512, height: 384, layout: .rgb)
        for y in 0..<384 {
            for x in 0..<512 { for k in 0..<3 { pixels.bytes[(y * 512 + x) * 3 + k] = y < 16 ? 255 : 128 } }
        }
        return try ImageEncoder.encode(pixels, as: .png)
    }

    static func profile() -> LightingProfile {
        var profile = LightingProfile(name: "sandbox", prompt: "golden hour")
        profile.width = 512
        profile.height = 384
        profile.highresScale = 1.5
        profile.outputFormat = .png
        return profile
    }

    @Test func answersAtTheAPIsGeometryWithTheOperatorsLight() async throws {
        let outputs = try await OperatorSandboxEngine().relight(try Self.subject(), profile: Self.profile())
        let image = try ImageDecoder.decode(try #require(outputs.first)).pixels
        // Magic Lighting: width × height × highres_scale, in multiples of 64.
        #expect(image.width == 768 && image.height == 576, "\(image.width)x\(image.height)")
        // The top border is still there (nothing cropped away), and the left is lit more than the right.
        let left = ImageMeasure.mean(image, x: 0, y: 200, size: 32), right = ImageMeasure.mean(image, x: 736, y: 200, size: 32)
        #expect(left.y > right.y + 25, "left \(left), right \(right)")
        #expect(left.x > left.z, "a warm cast: \(left)")
        let expected = SmoothOperator().apply(to: PixelBuffer(width: 1, height: 1, layout: .rgb, bytes: [128, 128, 128]), placement: .init(x: 0, y: 200 / 576, width: 32 / 768, height: 32 / 576))
        #expect(abs(left.y - Double(expected.bytes[1])) < 4, "left \(left), the operator says \(expected.bytes)")
        #expect(image.pixel(x: 380, y: 5)[1] > 200, "the top border is kept")
    }

    @Test func shiftsTheResultByWholePixels() async throws {
        let plain = try ImageDecoder.decode(try #require(try await OperatorSandboxEngine().relight(try Self.subject(), profile: Self.profile()).first)).pixels
        let moved = try ImageDecoder.decode(
            try #require(try await OperatorSandboxEngine(shiftX: 3, shiftY: -2).relight(try Self.subject(), profile: Self.profile()).first)).pixels
        for (x, y) in [(100, 100), (400, 300), (700, 20)] {
            #expect(moved.pixel(x: x + 3, y: y - 2) == plain.pixel(x: x, y: y), "(\(x), \(y))")
        }
    }
}
