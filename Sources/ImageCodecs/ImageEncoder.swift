import ImagePixels

/// Encodes pixels as JPEG, PNG, WebP or TIFF, with the source's ICC profile and EXIF.
public enum ImageEncoder {
    /// Encodes `image` in `format` at `quality` (1–100; PNG and TIFF ignore it, WebP 100 is lossless).
    ///
    /// `metadata`'s ICC profile and EXIF are written in every format; the EXIF is normalised for an
    /// upright image of this size (orientation 1, thumbnail dropped, pixel dimensions updated). JPEG
    /// has no alpha, so transparent parts are composited over white; PNG, WebP and TIFF keep alpha.
    /// HEIF and RAW are read-only: asking for them is an `unsupported` error.
    public static func encode(
        _ image: PixelBuffer, as format: ImageFormat, quality: Int = 92, metadata: ImageMetadata? = nil
    ) throws(ImageCodecError) -> [UInt8] {
        let exif = metadata?.exif.flatMap(ExifBlock.init)?.normalized(width: image.width, height: image.height)
        switch format {
        case .jpeg:
            let jpeg = try JPEGCodec.encode(image, quality: quality)  // alpha composited over white
            guard let metadata else { return jpeg }
            return JPEGMarkers.inserting(exif: exif, icc: metadata.iccProfile, into: jpeg)
        case .png:
            return try PNGCodec.encode(image, metadata: metadata)
        case .webp:
            let webp = try WebPCodec.encode(image, quality: quality)
            return WebPMetadata.adding(
                icc: metadata?.iccProfile, exif: exif, width: image.width, height: image.height, hasAlpha: image.layout == .rgba, to: webp)
        case .tiff:
            return try TIFFCodec.encode(image, metadata: metadata)
        case .heif, .raw:
            throw notWritable(format)
        }
    }

    /// Encodes a 16-bit image: PNG and TIFF keep all 16 bits; JPEG and WebP, which have 8, get the rounding.
    public static func encode(
        _ image: PixelBuffer16, as format: ImageFormat, quality: Int = 92, metadata: ImageMetadata? = nil
    ) throws(ImageCodecError) -> [UInt8] {
        switch format {
        case .png: try PNGCodec.encode(image, metadata: metadata)
        case .tiff: try TIFFCodec.encode(image, metadata: metadata)
        case .jpeg, .webp: try encode(image.eightBit(), as: format, quality: quality, metadata: metadata)
        case .heif, .raw: throw notWritable(format)
        }
    }

    /// Whether `format` stores more than 8 bits per channel.
    public static func keepsDeepPixels(_ format: ImageFormat) -> Bool {
        format == .png || format == .tiff
    }

    private static func notWritable(_ format: ImageFormat) -> ImageCodecError {
        ImageCodecError(.unsupported, "relight reads \(format.rawValue.uppercased()) but does not write it; choose png, jpg, webp or tiff as output_format")
    }
}
