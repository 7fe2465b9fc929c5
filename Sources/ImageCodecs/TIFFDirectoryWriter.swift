/// Writes little-endian TIFF directories at the end of a buffer whose offsets start at 0: a first
/// directory, linked to an EXIF and a GPS directory when those are not empty.
enum TIFFDirectoryWriter {
    /// Appends the directories to `out` and returns the offset of the first one.
    @discardableResult
    static func append(main: [TIFFEntry], exif: [TIFFEntry], gps: [TIFFEntry], to out: inout [UInt8]) -> Int {
        var mainEntries = main.filter { $0.tag != ExifDirectories.exifPointer && $0.tag != ExifDirectories.gpsPointer }
        // Sub-directories go first so their offsets are known; the first directory comes last.
        if !exif.isEmpty { mainEntries.append(.long(ExifDirectories.exifPointer, UInt32(write(exif, to: &out)))) }
        if !gps.isEmpty { mainEntries.append(.long(ExifDirectories.gpsPointer, UInt32(write(gps, to: &out)))) }
        return write(mainEntries, to: &out)
    }

    /// Writes one directory (entries sorted by tag, as TIFF requires) followed by its out-of-line values.
    static func write(_ entries: [TIFFEntry], to out: inout [UInt8]) -> Int {
        if out.count % 2 == 1 { out.append(0) }
        let sorted = entries.sorted { $0.tag < $1.tag }
        let start = out.count
        var data = start + 2 + sorted.count * 12 + 4
        var values: [UInt8] = []
        put16(UInt16(sorted.count), to: &out)
        for entry in sorted {
            put16(entry.tag, to: &out)
            put16(entry.type, to: &out)
            put32(UInt32(entry.count), to: &out)
            if entry.value.count <= 4 {
                out += entry.value + [UInt8](repeating: 0, count: 4 - entry.value.count)
            } else {
                put32(UInt32(data), to: &out)
                values += entry.value
                if entry.value.count % 2 == 1 { values.append(0) }
                data += entry.value.count + entry.value.count % 2
            }
        }
        put32(0, to: &out)
        out += values
        return start
    }

    static func put16(_ value: UInt16, to out: inout [UInt8]) {
        out.append(UInt8(value & 0xFF))
        out.append(UInt8(value >> 8))
    }

    static func put32(_ value: UInt32, to out: inout [UInt8]) {
        put16(UInt16(value & 0xFFFF), to: &out)
        put16(UInt16(value >> 16), to: &out)
    }
}
