import ImagePixels

/// Decodes JPEG, PNG and WebP, recognised by content, into upright 8-bit RGB(A) pixels.
public enum ImageDecoder {
    /// What the header says, without decoding (and without allocating pixel memory).
    public static func probe(_ bytes: [UInt8]) throws(ImageCodecError) -> ImageHeader {
        guard !bytes.isEmpty else { throw ImageCodecError.empty() }
        switch ImageFormat.sniff(bytes) {
        case .jpeg: return try JPEGCodec.probe(bytes)
        case .png: return try PNGCodec.probe(bytes)
        case .webp: return try WebPCodec.probe(bytes)
        case nil: throw ImageCodecError.unknownFormat()
        }
    }

    /// Decodes `bytes`. The header's size is checked against `options.maxPixels` before any pixel buffer exists.
    ///
    /// Grayscale becomes RGB; CMYK JPEG is converted to RGB; 16-bit PNG is rounded to 8 bits (and also
    /// kept whole in `deep` with `options.keepDeepPixels`);
    /// alpha is kept (layout `.rgba`) when the source has it. With `applyOrientation`, the EXIF
    /// orientation is baked in and the returned metadata says orientation 1.
    public static func decode(_ bytes: [UInt8], options: DecodeOptions = DecodeOptions()) throws(ImageCodecError) -> DecodedImage {
        let header = try probe(bytes)
        guard header.width > 0, header.height > 0 else {
            throw ImageCodecError(.corrupt, "the header says the image is \(header.width)×\(header.height) pixels")
        }
        guard header.width * header.height <= options.maxPixels else {
            throw ImageCodecError.tooLarge(width: header.width, height: header.height, limit: options.maxPixels)
        }
        var output: CodecOutput
        switch header.format {
        case .jpeg:
            let (pixels, metadata) = try JPEGCodec.decode(bytes, maxPixels: options.maxPixels, minimumScale: options.minimumScale)
            output = CodecOutput(pixels: pixels, metadata: metadata)
        case .png:
            output = try PNGCodec.decode(bytes, maxPixels: options.maxPixels, keepDeep: options.keepDeepPixels && header.bitsPerChannel > 8)
        case .webp:
            let (pixels, metadata) = try WebPCodec.decode(bytes, maxPixels: options.maxPixels)
            output = CodecOutput(pixels: pixels, metadata: metadata)
        }
        if options.applyOrientation, output.metadata.orientation != 1 {
            output.pixels = output.pixels.applyingOrientation(output.metadata.orientation)
            output.deep = output.deep?.applyingOrientation(output.metadata.orientation)
            output.metadata.orientation = 1
        }
        return DecodedImage(pixels: output.pixels, deep: output.deep, metadata: output.metadata, format: header.format, header: header)
    }
}
