/// The EXIF worth carrying from a source to its outputs, held as three TIFF directories: the
/// descriptive tags of the first directory (camera, date, artist, copyright), the EXIF directory
/// (exposure, lens, capture time) and the GPS directory. Pixel-layout tags, maker notes and
/// thumbnails are left behind: they describe the source file, not the photo.
struct ExifDirectories {
    var main: [TIFFEntry]
    var exif: [TIFFEntry]
    var gps: [TIFFEntry]

    static let exifPointer: UInt16 = 0x8769
    static let gpsPointer: UInt16 = 0x8825

    /// First-directory tags that describe the photo: description, make, model, orientation,
    /// software, date, artist, copyright.
    static let descriptiveTags: Set<UInt16> = [0x010E, 0x010F, 0x0110, 0x0112, 0x0131, 0x0132, 0x013B, 0x8298]
    /// EXIF-directory tags left out: maker notes (private offsets) and the interoperability pointer.
    static let droppedExifTags: Set<UInt16> = [0x927C, 0xA005]

    init(main: [TIFFEntry], exif: [TIFFEntry], gps: [TIFFEntry]) {
        self.main = main
        self.exif = exif
        self.gps = gps
    }

    /// Reads them from a TIFF structure (a TIFF or TIFF-based RAW file, or an EXIF block).
    init?(_ structure: TIFFStructure) {
        guard let first = structure.firstDirectory else { return nil }
        let entries = structure.entries(at: first)
        main = entries.filter { Self.descriptiveTags.contains($0.tag) }
        exif = (structure.subdirectory(entries.first { $0.tag == Self.exifPointer }) ?? []).filter { !Self.droppedExifTags.contains($0.tag) }
        gps = structure.subdirectory(entries.first { $0.tag == Self.gpsPointer }) ?? []
        if main.isEmpty, exif.isEmpty, gps.isEmpty { return nil }
    }

    /// From the bytes of a file or block.
    static func read(_ bytes: [UInt8]) -> ExifDirectories? {
        bytes.withUnsafeBytes { raw in TIFFStructure(raw).flatMap(ExifDirectories.init) }
    }

    /// A standalone EXIF block (little-endian TIFF header at offset 0), as JPEG, PNG and WebP carry it.
    func block() -> [UInt8] {
        var out: [UInt8] = [0x49, 0x49, 0x2A, 0x00, 0x00, 0x00, 0x00, 0x00]
        let first = TIFFDirectoryWriter.append(main: main, exif: exif, gps: gps, to: &out)
        for (index, byte) in withUnsafeBytes(of: UInt32(first).littleEndian, Array.init).enumerated() { out[4 + index] = byte }
        return out
    }
}
