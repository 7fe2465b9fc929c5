import ImagePixels

/// What one codec's decode gives back: 8-bit pixels, the full-depth ones when kept, and the metadata.
struct CodecOutput {
    var pixels: PixelBuffer
    var deep: PixelBuffer16?
    var metadata: ImageMetadata
    /// The decoder's name when it is more than the format's usual library ("LibRaw 0.20.2 preview").
    var decoder: String?

    init(pixels: PixelBuffer, deep: PixelBuffer16? = nil, metadata: ImageMetadata) {
        self.pixels = pixels
        self.deep = deep
        self.metadata = metadata
    }

    /// Full-depth pixels, with their 8-bit rounding as ``pixels``.
    init(deep: PixelBuffer16, metadata: ImageMetadata) {
        self.init(pixels: deep.eightBit(), deep: deep, metadata: metadata)
    }
}
