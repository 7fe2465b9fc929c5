/// A bounds-checked reader of a TIFF structure: a TIFF file, a TIFF-based RAW (DNG, CR2, NEF, ARW,
/// ORF, RW2…) or an EXIF block. Every offset is checked; a malformed directory reads as empty.
struct TIFFStructure {
    let bytes: UnsafeRawBufferPointer
    let bigEndian: Bool

    /// Reads `bytes` (which must outlive this value) when they start with a TIFF byte-order mark.
    init?(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= 8 else { return nil }
        switch (bytes[0], bytes[1]) {
        case (0x49, 0x49): bigEndian = false
        case (0x4D, 0x4D): bigEndian = true
        default: return nil
        }
        self.bytes = bytes
    }

    var firstDirectory: Int? {
        guard let offset = u32(at: 4).map(Int.init), offset >= 8, offset + 2 <= bytes.count else { return nil }
        return offset
    }

    /// The most value bytes one directory's entries may copy out. Entries may all point at the same bytes, so a
    /// small file could otherwise make a huge copy (1999 entries on one 256 KB blob: 500 MB from a 286 KB TIFF).
    static let directoryBytes = 16 << 20

    /// The entries of the directory at `offset`, values copied out little-endian; entries past
    /// ``directoryBytes`` of values are left out.
    func entries(at offset: Int) -> [TIFFEntry] {
        guard let count = u16(at: offset), count > 0, count < 2000 else { return [] }
        var result: [TIFFEntry] = []
        result.reserveCapacity(Int(count))
        var copied = 0
        for index in 0..<Int(count) {
            let position = offset + 2 + index * 12
            guard let tag = u16(at: position), let type = u16(at: position + 2), let count = u32(at: position + 4).map(Int.init) else { break }
            let unit = TIFFEntry.size(of: type)
            let (total, overflow) = unit.multipliedReportingOverflow(by: count)
            guard !overflow, total <= 1 << 26 else { continue }
            let start = total <= 4 ? position + 8 : (u32(at: position + 8).map(Int.init) ?? -1)
            guard start >= 0, start + total <= bytes.count, copied + total <= Self.directoryBytes else { continue }
            copied += total
            var value = Array(bytes[start..<(start + total)])
            if bigEndian, unit > 1 { Self.swap(&value, unit: type == 5 || type == 10 ? 4 : unit) }
            result.append(TIFFEntry(tag: tag, type: type, count: count, value: value))
        }
        return result
    }

    /// The directory `entry` points to (EXIF, GPS), when the pointer is in range.
    func subdirectory(_ entry: TIFFEntry?) -> [TIFFEntry]? {
        guard let offset = entry?.unsignedValue, offset >= 8, offset + 2 <= bytes.count else { return nil }
        return entries(at: offset)
    }

    private static func swap(_ value: inout [UInt8], unit: Int) {
        var index = 0
        while index + unit <= value.count {
            value[index..<(index + unit)].reverse()
            index += unit
        }
    }

    func u16(at offset: Int) -> UInt16? {
        guard offset >= 0, offset + 2 <= bytes.count else { return nil }
        let a = UInt16(bytes[offset]), b = UInt16(bytes[offset + 1])
        return bigEndian ? a << 8 | b : b << 8 | a
    }

    func u32(at offset: Int) -> UInt32? {
        guard let first = u16(at: offset), let second = u16(at: offset + 2) else { return nil }
        return bigEndian ? UInt32(first) << 16 | UInt32(second) : UInt32(second) << 16 | UInt32(first)
    }
}
