internal import CTIFF
import ImagePixels

/// TIFF through libtiff: 8- and 16-bit gray, RGB and RGBA, any compression libtiff has (none, LZW,
/// deflate, JPEG, PackBits), strips or tiles, contiguous or planar; multi-page files give page 1.
/// Other layouts (palette, CMYK, 1- or 4-bit) go through libtiff's RGBA reader at 8 bits.
enum TIFFCodec {
    /// What the first directory says about the pixels.
    struct Layout {
        var width: Int
        var height: Int
        var bitsPerSample: Int
        var samplesPerPixel: Int
        var photometric: Int
        var planar: Int
        var sampleFormat: Int
        var compression: Int
        var orientation: Int
        var alpha: Alpha

        enum Alpha { case none, straight, premultiplied }

        /// Whether the strip and tile reader handles it (otherwise libtiff's RGBA reader does).
        var isDirect: Bool {
            [8, 16].contains(bitsPerSample) && sampleFormat == 1 && [0, 1, 2].contains(photometric)
                && samplesPerPixel >= colorChannels
        }

        var colorChannels: Int { photometric == 2 ? 3 : 1 }
        var layout: PixelLayout { alpha == .none ? .rgb : .rgba }
    }

    static func probe(_ bytes: [UInt8]) throws(ImageCodecError) -> ImageHeader {
        try bytes.withUnsafeBytes { raw in
            Result { () throws(ImageCodecError) in
                let file = try TIFFFile(reading: raw)
                let layout = try readLayout(file)
                return ImageHeader(
                    format: .tiff, width: layout.width, height: layout.height, hasAlpha: layout.alpha != .none,
                    bitsPerChannel: layout.isDirect ? layout.bitsPerSample : 8)
            }
        }.get()
    }

    static func decode(_ bytes: [UInt8], maxPixels: Int, keepDeep: Bool) throws(ImageCodecError) -> CodecOutput {
        try bytes.withUnsafeBytes { raw in
            Result { () throws(ImageCodecError) in
                let file = try TIFFFile(reading: raw)
                let layout = try readLayout(file)
                // TIFF's sizes are 32-bit: two of them can overflow a 64-bit product (a crafted header).
                let (pixelCount, overflow) = layout.width.multipliedReportingOverflow(by: layout.height)
                guard !overflow, pixelCount <= maxPixels else {
                    throw ImageCodecError.tooLarge(width: layout.width, height: layout.height, limit: maxPixels)
                }
                var metadata = ImageMetadata(
                    iccProfile: bytesField(file, tag: UInt32(TIFFTAG_ICCPROFILE)),
                    exif: ExifDirectories.read(bytes)?.block(),
                    orientation: (1...8).contains(layout.orientation) ? layout.orientation : 1)
                guard layout.isDirect else {
                    metadata.orientation = 1  // libtiff's RGBA reader returns the image upright
                    return CodecOutput(pixels: try readRGBA(file, layout), metadata: metadata)
                }
                if layout.bitsPerSample == 16 {
                    var deep = PixelBuffer16(width: layout.width, height: layout.height, layout: layout.layout)
                    try deep.samples.withUnsafeMutableBufferPointer { (out) throws(ImageCodecError) in
                        try TIFFPixelReader<UInt16>(file: file, layout: layout).read(into: out)
                    }
                    return keepDeep ? CodecOutput(deep: deep, metadata: metadata) : CodecOutput(pixels: deep.eightBit(), metadata: metadata)
                }
                var pixels = PixelBuffer(width: layout.width, height: layout.height, layout: layout.layout)
                try pixels.bytes.withUnsafeMutableBufferPointer { (out) throws(ImageCodecError) in
                    try TIFFPixelReader<UInt8>(file: file, layout: layout).read(into: out)
                }
                return CodecOutput(pixels: pixels, metadata: metadata)
            }
        }.get()
    }

    static func readLayout(_ file: TIFFFile) throws(ImageCodecError) -> Layout {
        let tif = file.handle
        var width: UInt32 = 0, height: UInt32 = 0
        guard relight_tiff_get_u32(tif, UInt32(TIFFTAG_IMAGEWIDTH), &width) == 1,
              relight_tiff_get_u32(tif, UInt32(TIFFTAG_IMAGELENGTH), &height) == 1
        else { throw failure(file.storage.message ?? "the first page has no image size", stage: "header") }
        func field(_ tag: Int32, default value: UInt16) -> Int {
            var result = value
            _ = relight_tiff_get_u16(tif, UInt32(tag), &result)
            return Int(result)
        }
        var layout = Layout(
            width: Int(width), height: Int(height),
            bitsPerSample: field(TIFFTAG_BITSPERSAMPLE, default: 1), samplesPerPixel: field(TIFFTAG_SAMPLESPERPIXEL, default: 1),
            photometric: field(TIFFTAG_PHOTOMETRIC, default: 1), planar: field(TIFFTAG_PLANARCONFIG, default: 1),
            sampleFormat: field(TIFFTAG_SAMPLEFORMAT, default: 1), compression: field(TIFFTAG_COMPRESSION, default: 1),
            orientation: field(TIFFTAG_ORIENTATION, default: 1), alpha: .none)
        if layout.photometric == 6, layout.compression == 7 {
            // JPEG-in-TIFF stored as YCbCr: libjpeg converts to RGB for us.
            _ = relight_tiff_set_u16(tif, UInt32(TIFFTAG_JPEGCOLORMODE), UInt16(JPEGCOLORMODE_RGB))
            layout.photometric = 2
        }
        var extraCount: UInt16 = 0
        var extraTypes: UnsafeMutablePointer<UInt16>?
        if relight_tiff_get_extra_samples(tif, &extraCount, &extraTypes) == 1, extraCount > 0, let extraTypes {
            switch extraTypes[0] {
            case UInt16(EXTRASAMPLE_ASSOCALPHA): layout.alpha = .premultiplied
            case UInt16(EXTRASAMPLE_UNASSALPHA): layout.alpha = .straight
            default: break
            }
        }
        if layout.samplesPerPixel <= layout.colorChannels { layout.alpha = .none }
        if !layout.isDirect, layout.bitsPerSample > 8 || layout.sampleFormat != 1 {
            throw ImageCodecError(
                .unsupported,
                "the TIFF stores \(layout.sampleFormat == 3 ? "floating-point" : "\(layout.bitsPerSample)-bit") samples"
                    + " with photometric interpretation \(layout.photometric), which relight does not read; save it as 8- or 16-bit RGB or gray")
        }
        return layout
    }

    /// Other layouts through libtiff's RGBA interface (8 bits, upright).
    private static func readRGBA(_ file: TIFFFile, _ layout: Layout) throws(ImageCodecError) -> PixelBuffer {
        var rgba = PixelBuffer(width: layout.width, height: layout.height, layout: .rgba)
        let ok = rgba.bytes.withUnsafeMutableBytes { raw in
            TIFFReadRGBAImageOriented(
                file.handle, UInt32(layout.width), UInt32(layout.height), raw.baseAddress!.assumingMemoryBound(to: UInt32.self),
                Int32(ORIENTATION_TOPLEFT), 0)
        }
        guard ok == 1 else { throw failure(file.storage.message ?? "libtiff could not convert its pixels", stage: "image data") }
        return layout.alpha == .none ? rgba.flattened() : rgba
    }

    static func bytesField(_ file: TIFFFile, tag: UInt32) -> [UInt8]? {
        var count: UInt32 = 0
        var data: UnsafeMutableRawPointer?
        guard relight_tiff_get_bytes(file.handle, tag, &count, &data) == 1, let data, count > 0 else { return nil }
        return Array(UnsafeRawBufferPointer(start: data, count: Int(count)))
    }

    static func failure(_ message: String, stage: String) -> ImageCodecError {
        let lower = message.lowercased()
        if lower.contains("read error") || lower.contains("seek") || lower.contains("eof") || lower.contains("cannot read") {
            return ImageCodecError(
                .truncated, "the TIFF is cut short in its \(stage) (libtiff: \(message)); if it is still being copied, wait for the copy to finish")
        }
        return ImageCodecError(.corrupt, "the TIFF's \(stage) cannot be read (libtiff: \(message)); re-export it from the editor that made it")
    }
}
