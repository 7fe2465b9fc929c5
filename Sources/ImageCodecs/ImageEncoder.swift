import ImagePixels

/// Encodes pixels as JPEG, PNG or WebP.
public enum ImageEncoder {
    /// Encodes `image` in `format` at `quality` (1–100; PNG ignores it, WebP 100 is lossless).
    ///
    /// For JPEG, `metadata`'s ICC profile and EXIF are written in; the EXIF is normalised for an upright
    /// image of this size (orientation 1, thumbnail dropped, pixel dimensions updated). JPEG has no
    /// alpha, so transparent parts are composited over white; PNG and WebP keep alpha.
    public static func encode(
        _ image: PixelBuffer, as format: ImageFormat, quality: Int = 92, metadata: ImageMetadata? = nil
    ) throws(ImageCodecError) -> [UInt8] {
        switch format {
        case .jpeg:
            let jpeg = try JPEGCodec.encode(image, quality: quality)
            guard let metadata else { return jpeg }
            let exif = metadata.exif.flatMap(ExifBlock.init)?.normalized(width: image.width, height: image.height)
            return JPEGMarkers.inserting(exif: exif, icc: metadata.iccProfile, into: jpeg)
        case .png:
            return try PNGCodec.encode(image)
        case .webp:
            return try WebPCodec.encode(image, quality: quality)
        }
    }
}
