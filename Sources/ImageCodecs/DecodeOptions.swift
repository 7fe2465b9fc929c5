/// Limits and choices for decoding.
public struct DecodeOptions: Sendable, Equatable {
    /// The largest image, in pixels, that is decoded. Larger headers are refused before any pixel memory is allocated.
    public var maxPixels: Int
    /// Whether to rotate and flip the pixels as the EXIF orientation says (the result is then upright, orientation 1).
    public var applyOrientation: Bool

    /// The smallest scale the caller can use, 0 < scale ≤ 1. A JPEG is then decoded at the smallest
    /// DCT scale (1/8, 1/4, 1/2) that is still at least this large: much faster when the output is
    /// much smaller than the source. Other formats always decode at full size.
    public var minimumScale: Double

    /// Whether a source with more than 8 bits per channel (16-bit PNG, TIFF, RAW) also keeps its
    /// full-depth pixels in ``DecodedImage/deep``. Off by default: analysis needs only 8 bits.
    public var keepDeepPixels: Bool

    /// How camera RAW files are developed: demosaiced, or their embedded full-size JPEG.
    public var raw: RawDevelopment

    public static let defaultMaxPixels = 100_000_000

    public init(
        maxPixels: Int = DecodeOptions.defaultMaxPixels, applyOrientation: Bool = true, minimumScale: Double = 1, keepDeepPixels: Bool = false,
        raw: RawDevelopment = .develop
    ) {
        self.raw = raw
        self.maxPixels = maxPixels
        self.applyOrientation = applyOrientation
        self.minimumScale = min(1, max(0.001, minimumScale))
        self.keepDeepPixels = keepDeepPixels
    }
}
