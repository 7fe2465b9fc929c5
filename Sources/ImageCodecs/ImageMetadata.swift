import ImagePixels

/// The metadata relight carries from a source image to its JPEG outputs.
public struct ImageMetadata: Sendable, Equatable {
    /// The raw ICC profile, when the source has one.
    public var iccProfile: [UInt8]?
    /// The raw EXIF block as a TIFF structure (starting at `II*\0` or `MM\0*`, without the `Exif\0\0` prefix).
    public var exif: [UInt8]?
    /// The EXIF orientation, 1–8 (1 when absent or invalid).
    public var orientation: Int

    public init(iccProfile: [UInt8]? = nil, exif: [UInt8]? = nil, orientation: Int = 1) {
        self.iccProfile = iccProfile
        self.exif = exif
        self.orientation = orientation
    }
}

/// A decoded image: upright pixels (when orientation was applied), its metadata, and what it was.
public struct DecodedImage: Sendable {
    /// 8 bits per channel: the image itself, or the rounding of ``deep`` when that is set.
    public var pixels: PixelBuffer
    /// The full 16 bits per channel, when the source has more than 8 and ``DecodeOptions/keepDeepPixels``
    /// asked for them; the same size and layout as ``pixels``.
    public var deep: PixelBuffer16?
    public var metadata: ImageMetadata
    public var format: ImageFormat
    /// The stored (pre-orientation) dimensions from the header.
    public var header: ImageHeader
    /// Which library decoded it, and how ("libjpeg-turbo", "LibRaw 0.20.2 develop"), for sidecars.
    public var decoder: String

    public init(
        pixels: PixelBuffer, deep: PixelBuffer16? = nil, metadata: ImageMetadata, format: ImageFormat, header: ImageHeader, decoder: String? = nil
    ) {
        self.pixels = pixels
        self.deep = deep
        self.metadata = metadata
        self.format = format
        self.header = header
        self.decoder = decoder ?? format.decoderName
    }
}

/// What an image header says, read without decoding pixels.
public struct ImageHeader: Sendable, Equatable {
    public var format: ImageFormat
    public var width: Int
    public var height: Int
    public var hasAlpha: Bool
    /// Bits per channel as stored (8 or 16; formats that decode to 8 bits say 8).
    public var bitsPerChannel: Int
    /// What the file is, more finely than ``format`` (a NEF, a CR3, an AVIF).
    public var content: ImageContent

    public init(format: ImageFormat, width: Int, height: Int, hasAlpha: Bool, bitsPerChannel: Int = 8, content: ImageContent? = nil) {
        self.format = format
        self.content = content ?? format.baseContent
        self.width = width
        self.height = height
        self.hasAlpha = hasAlpha
        self.bitsPerChannel = bitsPerChannel
    }
}
