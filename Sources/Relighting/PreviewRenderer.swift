import ImageCodecs
import ImagePixels
import RelightConfig
import RelightEngine

/// A quick look at what a profile does to a photo: the local engine on a reduced copy, framed as
/// the profile's outputs are, with the first variation's light. Free and fast
/// enough to try every profile on a shoot: `relight preview` and the dashboard's gallery use it.
///
/// Everything here is synchronous CPU work: call it off Swift's cooperative pool.
public struct PreviewRenderer: Sendable {
    /// The longest side of a preview, in pixels.
    public let size: Int
    private let engine = RelightEngine()

    public init(size: Int = 480) {
        self.size = max(16, size)
    }

    /// Decodes an image upright, no larger than a preview needs: a JPEG is decoded at a reduced DCT
    /// scale, and anything bigger is shrunk so that its short side is about `size`.
    public func source(from bytes: [UInt8]) throws(ImageCodecError) -> PixelBuffer {
        let header = try ImageDecoder.probe(bytes)
        var options = DecodeOptions()
        let shortSide = max(1, min(header.width, header.height))
        options.minimumScale = min(1, Double(size) / Double(shortSide))
        let pixels = try ImageDecoder.decode(bytes, options: options).pixels
        let decodedShort = min(pixels.width, pixels.height)
        guard decodedShort > size else { return pixels }
        let scale = Double(size) / Double(decodedShort)
        return pixels.resized(
            width: max(1, Int((Double(pixels.width) * scale).rounded())), height: max(1, Int((Double(pixels.height) * scale).rounded())))
    }

    /// `profile`'s look on `source`, framed as its outputs are (the full frame for `deliver: source`,
    /// the API's centre crop for `deliver: generated`), `size` pixels on the long side, relit.
    public func render(_ source: PixelBuffer, profile: LightingProfile) -> PixelBuffer {
        let geometry: OutputGeometry = profile.deliver == .source ? .source : .fullResolution
        let framed = geometry.apply(to: source, profile: profile)
        var image = ContactSheet.fit(framed, within: size)
        engine.relight(&image, plan: LightingPlan(profile: profile, variation: 0))
        return image
    }
}
