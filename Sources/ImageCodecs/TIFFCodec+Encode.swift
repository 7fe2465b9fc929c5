internal import CTIFF
import ImagePixels

extension TIFFCodec {
    /// 8-bit RGB(A), deflate-compressed, with the ICC profile and EXIF.
    static func encode(_ image: PixelBuffer, metadata: ImageMetadata?) throws(ImageCodecError) -> [UInt8] {
        try image.bytes.withUnsafeBytes { raw in
            Result { () throws(ImageCodecError) in
                try write(raw, width: image.width, height: image.height, layout: image.layout, bits: 8, metadata: metadata)
            }
        }.get()
    }

    /// 16-bit RGB(A), deflate-compressed, with the ICC profile and EXIF.
    static func encode(_ image: PixelBuffer16, metadata: ImageMetadata?) throws(ImageCodecError) -> [UInt8] {
        try image.samples.withUnsafeBytes { raw in
            Result { () throws(ImageCodecError) in
                try write(raw, width: image.width, height: image.height, layout: image.layout, bits: 16, metadata: metadata)
            }
        }.get()
    }

    private static func write(
        _ pixels: UnsafeRawBufferPointer, width: Int, height: Int, layout: PixelLayout, bits: Int, metadata: ImageMetadata?
    ) throws(ImageCodecError) -> [UInt8] {
        let rowBytes = width * layout.channels * bits / 8
        // Deflate rarely makes a photo larger; room for the raw size plus the directories.
        let file = try TIFFFile(writing: rowBytes * height + 64 * 1024 + (metadata?.iccProfile?.count ?? 0))
        let tif = file.handle
        // Strips of about 256 KB: few enough to keep directory overhead small, small enough for the cache.
        let rowsPerStrip = max(1, min(height, (256 * 1024) / max(1, rowBytes)))
        _ = relight_tiff_set_u32(tif, UInt32(TIFFTAG_IMAGEWIDTH), UInt32(width))
        _ = relight_tiff_set_u32(tif, UInt32(TIFFTAG_IMAGELENGTH), UInt32(height))
        _ = relight_tiff_set_u16(tif, UInt32(TIFFTAG_BITSPERSAMPLE), UInt16(bits))
        _ = relight_tiff_set_u16(tif, UInt32(TIFFTAG_SAMPLESPERPIXEL), UInt16(layout.channels))
        _ = relight_tiff_set_u16(tif, UInt32(TIFFTAG_PHOTOMETRIC), UInt16(PHOTOMETRIC_RGB))
        _ = relight_tiff_set_u16(tif, UInt32(TIFFTAG_PLANARCONFIG), UInt16(PLANARCONFIG_CONTIG))
        _ = relight_tiff_set_u16(tif, UInt32(TIFFTAG_COMPRESSION), UInt16(COMPRESSION_ADOBE_DEFLATE))
        _ = relight_tiff_set_u16(tif, UInt32(TIFFTAG_PREDICTOR), UInt16(PREDICTOR_HORIZONTAL))
        _ = relight_tiff_set_u16(tif, UInt32(TIFFTAG_ORIENTATION), UInt16(ORIENTATION_TOPLEFT))
        _ = relight_tiff_set_u32(tif, UInt32(TIFFTAG_ROWSPERSTRIP), UInt32(rowsPerStrip))
        if layout == .rgba {
            let straight = [UInt16(EXTRASAMPLE_UNASSALPHA)]
            _ = relight_tiff_set_extra_samples(tif, 1, straight)
        }
        if let icc = metadata?.iccProfile, !icc.isEmpty {
            _ = relight_tiff_set_bytes(tif, UInt32(TIFFTAG_ICCPROFILE), UInt32(icc.count), icc)
        }
        // libtiff's predictor works in place, so each strip is copied to a scratch buffer first.
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: rowsPerStrip * rowBytes, alignment: 16)
        defer { scratch.deallocate() }
        var strip: UInt32 = 0
        var row = 0
        while row < height {
            let rows = min(rowsPerStrip, height - row)
            let count = rows * rowBytes
            scratch.baseAddress!.copyMemory(from: pixels.baseAddress! + row * rowBytes, byteCount: count)
            guard TIFFWriteEncodedStrip(tif, strip, scratch.baseAddress, tmsize_t(count)) >= 0 else {
                throw ImageCodecError(.encodeFailed, "TIFF encoding failed: \(file.storage.message ?? "strip \(strip) could not be written")")
            }
            strip += 1
            row += rows
        }
        guard TIFFWriteDirectory(tif) == 1 else {
            throw ImageCodecError(.encodeFailed, "TIFF encoding failed: \(file.storage.message ?? "the directory could not be written")")
        }
        var bytes = try file.finish()
        if let exif = metadata?.exif.flatMap(ExifBlock.init)?.normalized(width: width, height: height),
           let directories = ExifDirectories.read(exif) {
            appendExif(directories, to: &bytes)
        }
        return bytes
    }

    /// Adds the photo's descriptive tags, EXIF and GPS directories to a little-endian TIFF that libtiff
    /// wrote: a new first directory (libtiff's entries plus these) is appended and the header points to it.
    static func appendExif(_ exif: ExifDirectories, to bytes: inout [UInt8]) {
        let imageEntries: [TIFFEntry] = bytes.withUnsafeBytes { raw in
            guard let structure = TIFFStructure(raw), let first = structure.firstDirectory else { return [] }
            return structure.entries(at: first)
        }
        guard !imageEntries.isEmpty else { return }
        let present = Set(imageEntries.map(\.tag))
        let main = imageEntries + exif.main.filter { !present.contains($0.tag) }
        let offset = TIFFDirectoryWriter.append(main: main, exif: exif.exif, gps: exif.gps, to: &bytes)
        for (index, byte) in withUnsafeBytes(of: UInt32(offset).littleEndian, Array.init).enumerated() { bytes[4 + index] = byte }
    }
}
