import ImagePixels
import ImageSniffing

/// Decodes every format relight reads, recognised by content, into upright RGB(A) pixels.
public enum ImageDecoder {
    /// What the header says, without decoding (and without allocating pixel memory).
    public static func probe(_ bytes: [UInt8]) throws(ImageCodecError) -> ImageHeader {
        guard !bytes.isEmpty else { throw ImageCodecError.empty() }
        guard let content = ImageContent.sniff(bytes) else { throw ImageCodecError.unknownFormat() }
        var header: ImageHeader
        switch content.family {
        case .jpeg: header = try JPEGCodec.probe(bytes)
        case .png: header = try PNGCodec.probe(bytes)
        case .webp: header = try WebPCodec.probe(bytes)
        case .tiff: header = try TIFFCodec.probe(bytes)
        case .heif: header = try HEIFCodec.probe(bytes, content: content)
        case .raw: header = try RawCodec.probe(bytes, content: content)
        }
        header.content = content
        return header
    }

    /// Decodes `bytes`. The header's size is checked against `options.maxPixels` before any pixel buffer exists.
    ///
    /// Grayscale becomes RGB; CMYK JPEG is converted to RGB; 16-bit PNG and TIFF and developed RAW are
    /// rounded to 8 bits (and also kept whole in `deep` with `options.keepDeepPixels`);
    /// alpha is kept (layout `.rgba`) when the source has it. With `applyOrientation`, the EXIF
    /// orientation is baked in and the returned metadata says orientation 1. HEIF's own transforms
    /// (`irot`, `imir`) and a RAW's orientation are always applied by their decoders.
    public static func decode(_ bytes: [UInt8], options: DecodeOptions = DecodeOptions()) throws(ImageCodecError) -> DecodedImage {
        let header = try probe(bytes)
        guard header.width > 0, header.height > 0 else {
            throw ImageCodecError(.corrupt, "the header says the image is \(header.width)×\(header.height) pixels")
        }
        // A TIFF's header may claim sizes whose product overflows: that is too large too, not a trap.
        let (pixels, overflow) = header.width.multipliedReportingOverflow(by: header.height)
        guard !overflow, pixels <= options.maxPixels else {
            throw ImageCodecError.tooLarge(width: header.width, height: header.height, limit: options.maxPixels)
        }
        let keepDeep = options.keepDeepPixels && header.bitsPerChannel > 8
        var output: CodecOutput
        switch header.format {
        case .jpeg:
            let (pixels, metadata) = try JPEGCodec.decode(bytes, maxPixels: options.maxPixels, minimumScale: options.minimumScale)
            output = CodecOutput(pixels: pixels, metadata: metadata)
        case .png:
            output = try PNGCodec.decode(bytes, maxPixels: options.maxPixels, keepDeep: keepDeep)
        case .webp:
            let (pixels, metadata) = try WebPCodec.decode(bytes, maxPixels: options.maxPixels)
            output = CodecOutput(pixels: pixels, metadata: metadata)
        case .tiff:
            output = try TIFFCodec.decode(bytes, maxPixels: options.maxPixels, keepDeep: keepDeep)
        case .heif:
            output = try HEIFCodec.decode(bytes, content: header.content, maxPixels: options.maxPixels, keepDeep: keepDeep)
        case .raw:
            output = try RawCodec.decode(bytes, content: header.content, options: options)
        }
        if options.applyOrientation, output.metadata.orientation != 1 {
            output.pixels = output.pixels.applyingOrientation(output.metadata.orientation)
            output.deep = output.deep?.applyingOrientation(output.metadata.orientation)
            output.metadata.orientation = 1
        }
        return DecodedImage(
            pixels: output.pixels, deep: output.deep, metadata: output.metadata, format: header.format, header: header,
            decoder: output.decoder ?? header.format.decoderName)
    }
}
