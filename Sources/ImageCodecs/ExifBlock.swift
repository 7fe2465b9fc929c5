/// A minimal reader and rewriter of an EXIF TIFF structure: enough to read the orientation and to
/// normalise the block for an upright output (orientation 1, no thumbnail, new pixel dimensions).
///
/// Every offset is bounds-checked; a malformed block is left out rather than trusted.
struct ExifBlock {
    private(set) var bytes: [UInt8]
    private let bigEndian: Bool

    private enum Tag {
        static let orientation: UInt16 = 0x0112
        static let exifIFD: UInt16 = 0x8769
        static let gpsIFD: UInt16 = 0x8825
        static let interopIFD: UInt16 = 0xA005
        static let pixelXDimension: UInt16 = 0xA002
        static let pixelYDimension: UInt16 = 0xA003
    }

    init?(_ bytes: [UInt8]) {
        guard bytes.count >= 8 else { return nil }
        if bytes[0] == 0x49, bytes[1] == 0x49, bytes[2] == 0x2A, bytes[3] == 0 {
            bigEndian = false
        } else if bytes[0] == 0x4D, bytes[1] == 0x4D, bytes[2] == 0, bytes[3] == 0x2A {
            bigEndian = true
        } else {
            return nil
        }
        self.bytes = bytes
        guard ifd0Offset != nil else { return nil }
    }

    private var ifd0Offset: Int? {
        let offset = Int(u32(at: 4) ?? 0)
        return offset >= 8 && offset + 2 <= bytes.count ? offset : nil
    }

    /// The orientation tag, 1–8, or 1 when absent or out of range.
    var orientation: Int {
        guard let ifd0 = ifd0Offset, let entry = entries(of: ifd0).first(where: { $0.tag == Tag.orientation }),
              let value = u16(at: entry.position + 8), (1...8).contains(value)
        else { return 1 }
        return Int(value)
    }

    /// The block for an upright output of `width`×`height`: orientation 1, IFD1 (the thumbnail) unlinked
    /// and cut off when it lies at the end, pixel dimensions updated.
    func normalized(width: Int, height: Int) -> [UInt8] {
        var copy = self
        guard let ifd0 = ifd0Offset else { return bytes }
        let ifd0Entries = entries(of: ifd0)
        for entry in ifd0Entries where entry.tag == Tag.orientation && entry.type == 3 {
            copy.put16(1, at: entry.position + 8)
        }
        // Everything reachable without IFD1, to know where the thumbnail can be cut.
        var end = ifd0 + 2 + ifd0Entries.count * 12 + 4
        end = max(end, dataEnd(of: ifd0Entries))
        for entry in ifd0Entries where [Tag.exifIFD, Tag.gpsIFD].contains(entry.tag) {
            guard let sub = u32(at: entry.position + 8).map(Int.init), sub + 2 <= bytes.count else { continue }
            let subEntries = entries(of: sub)
            end = max(end, sub + 2 + subEntries.count * 12 + 4, dataEnd(of: subEntries))
            for subEntry in subEntries {
                if subEntry.tag == Tag.pixelXDimension { copy.putValue(width, entry: subEntry) }
                if subEntry.tag == Tag.pixelYDimension { copy.putValue(height, entry: subEntry) }
                if subEntry.tag == Tag.interopIFD, let interop = u32(at: subEntry.position + 8).map(Int.init),
                   interop + 2 <= bytes.count {
                    let interopEntries = entries(of: interop)
                    end = max(end, interop + 2 + interopEntries.count * 12 + 4, dataEnd(of: interopEntries))
                }
            }
        }
        let nextPointer = ifd0 + 2 + ifd0Entries.count * 12
        let ifd1 = Int(u32(at: nextPointer) ?? 0)
        copy.put32(0, at: nextPointer)
        if ifd1 != 0, ifd1 >= end, end <= copy.bytes.count {
            copy.bytes.removeSubrange(end...)
        }
        return copy.bytes
    }

    // MARK: - Structure

    private struct Entry {
        var tag: UInt16
        var type: UInt16
        var count: Int
        /// Offset of the 12-byte entry.
        var position: Int
    }

    private func entries(of ifd: Int) -> [Entry] {
        guard let count = u16(at: ifd), count < 1000 else { return [] }
        var result: [Entry] = []
        for index in 0..<Int(count) {
            let position = ifd + 2 + index * 12
            guard position + 12 <= bytes.count, let tag = u16(at: position), let type = u16(at: position + 2),
                  let count = u32(at: position + 4)
            else { break }
            result.append(Entry(tag: tag, type: type, count: Int(count), position: position))
        }
        return result
    }

    /// The end of the furthest out-of-line value of these entries.
    private func dataEnd(of entries: [Entry]) -> Int {
        let sizes: [UInt16: Int] = [1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8]
        var end = 0
        for entry in entries {
            let size = (sizes[entry.type] ?? 1) * entry.count
            guard size > 4, let offset = u32(at: entry.position + 8) else { continue }
            end = max(end, min(bytes.count, Int(offset) + size))
        }
        return end
    }

    // MARK: - Bytes

    private func u16(at offset: Int) -> UInt16? {
        guard offset >= 0, offset + 2 <= bytes.count else { return nil }
        let a = UInt16(bytes[offset]), b = UInt16(bytes[offset + 1])
        return bigEndian ? a << 8 | b : b << 8 | a
    }

    private func u32(at offset: Int) -> UInt32? {
        guard let high = u16(at: bigEndian ? offset : offset + 2), let low = u16(at: bigEndian ? offset + 2 : offset) else { return nil }
        return UInt32(high) << 16 | UInt32(low)
    }

    private mutating func put16(_ value: UInt16, at offset: Int) {
        guard offset >= 0, offset + 2 <= bytes.count else { return }
        let high = UInt8(value >> 8), low = UInt8(value & 0xFF)
        bytes[offset] = bigEndian ? high : low
        bytes[offset + 1] = bigEndian ? low : high
    }

    private mutating func put32(_ value: UInt32, at offset: Int) {
        put16(UInt16(value >> 16), at: bigEndian ? offset : offset + 2)
        put16(UInt16(value & 0xFFFF), at: bigEndian ? offset + 2 : offset)
    }

    private mutating func putValue(_ value: Int, entry: Entry) {
        guard entry.count == 1 else { return }
        if entry.type == 3, value <= 0xFFFF { put16(UInt16(value), at: entry.position + 8) }
        if entry.type == 4 { put32(UInt32(value), at: entry.position + 8) }
    }
}
