/// Limits and choices for decoding.
public struct DecodeOptions: Sendable, Equatable {
    /// The largest image, in pixels, that is decoded. Larger headers are refused before any pixel memory is allocated.
    public var maxPixels: Int
    /// Whether to rotate and flip the pixels as the EXIF orientation says (the result is then upright, orientation 1).
    public var applyOrientation: Bool

    public static let defaultMaxPixels = 100_000_000

    public init(maxPixels: Int = DecodeOptions.defaultMaxPixels, applyOrientation: Bool = true) {
        self.maxPixels = maxPixels
        self.applyOrientation = applyOrientation
    }
}
