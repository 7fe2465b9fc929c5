import ImagePixels
import RelightConfig

/// The local relighting engine: pure Swift on pixel buffers, no I/O, deterministic for a given plan.
///
/// Pipeline: sRGB → linear light; a low-resolution gain map from an edge-preserving base layer,
/// pseudo-normals, an IC-Light-style directional ramp and the light's colour; the gain applied as a
/// ratio to every full-resolution pixel (so texture stays sharp); back to sRGB with a highlight shoulder.
public struct RelightEngine: Sendable {
    /// Cores the full-resolution pass may use (``RowBands``); the bytes are the same for any number.
    public let threads: Int
    /// The full-resolution pass's implementation for 8-bit RGB: `.wide` (AVX-512, where the CPU has it)
    /// or the Swift loop; the same bytes either way.
    public let kernel: PixelKernel

    public init(threads: Int = 1, kernel: PixelKernel = .best) {
        self.threads = max(1, threads)
        self.kernel = kernel.isAvailable ? kernel : .portable
    }

    /// Variation `variation` (0-based) of `profile` applied to `source`: cropped and sized as `geometry` says, then relit.
    public func render(
        _ source: PixelBuffer, profile: LightingProfile, variation: Int = 0, geometry: OutputGeometry = .profile
    ) -> PixelBuffer {
        let plan = LightingPlan(profile: profile, variation: variation)
        var image = geometry.apply(to: source, profile: profile)
        relight(&image, plan: plan)
        return image
    }

    /// Relights `image` in place (alpha is left as it is).
    public func relight(_ image: inout PixelBuffer, plan: LightingPlan) {
        let map = GainMap(image: image, plan: plan)
        apply(map, to: &image)
    }

    /// A relit copy of `image`.
    public func relighting(_ image: PixelBuffer, plan: LightingPlan) -> PixelBuffer {
        var copy = image
        relight(&copy, plan: plan)
        return copy
    }
}
