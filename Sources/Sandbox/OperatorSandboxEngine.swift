import Dispatch
import ImageCodecs
import ImagePixels
import RelightConfig
import RelightEngine
import Relighting

/// `--engine operator`: a "relight" whose answer is known exactly. Jobs get the API's geometry (the
/// service's centre crop and size, so a padded proxy comes back with its padding), then
/// ``SmoothOperator`` over that frame, then optionally a shift of a few pixels (`--shift`).
///
/// A test applies the same operator to the full-resolution original as the ground truth for a
/// restored output.
public struct OperatorSandboxEngine: SandboxEngine {
    public let name = "operator"
    public let relighting: SmoothOperator
    /// Whole pixels the result is moved by, right and down.
    public let shiftX: Int
    public let shiftY: Int

    public init(_ relighting: SmoothOperator = SmoothOperator(), shiftX: Int = 0, shiftY: Int = 0) {
        self.relighting = relighting
        self.shiftX = shiftX
        self.shiftY = shiftY
    }

    public func relight(_ image: [UInt8], profile: LightingProfile) async throws -> [[UInt8]] {
        let engine = self
        let output = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[UInt8], any Error>) in
            // CPU work: off the cooperative pool.
            DispatchQueue.global().async { continuation.resume(with: Result { try engine.render(image, profile: profile) }) }
        }
        return Array(repeating: output, count: max(1, profile.numberOfImages))
    }

    /// The encoded result for one subject image.
    func render(_ image: [UInt8], profile: LightingProfile) throws -> [UInt8] {
        var pixels = try ImageDecoder.decode(image).pixels
        pixels = OutputGeometry.profile.apply(to: pixels, profile: profile)
        pixels = SmoothOperator.shifted(relighting.apply(to: pixels), dx: shiftX, dy: shiftY)
        let format = ImageFormat(profile.outputFormat)
        if format == .jpeg, pixels.layout == .rgba { pixels = pixels.flattened() }
        return try ImageEncoder.encode(pixels, as: format, quality: profile.outputQuality)
    }
}
