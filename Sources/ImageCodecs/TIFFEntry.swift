/// One TIFF directory entry, its value held by value in little-endian order (whatever the source's
/// order was), so it can be written again anywhere.
struct TIFFEntry: Equatable {
    var tag: UInt16
    var type: UInt16
    var count: Int
    /// `count` values of `type`, little-endian.
    var value: [UInt8]

    /// Bytes per value of each TIFF type (unknown types count as 1).
    static func size(of type: UInt16) -> Int {
        switch type {
        case 3, 8: 2
        case 4, 9, 11, 13: 4
        case 5, 10, 12, 16, 17, 18: 8
        default: 1
        }
    }

    /// A LONG entry (offsets, sub-directory pointers).
    static func long(_ tag: UInt16, _ value: UInt32) -> TIFFEntry {
        TIFFEntry(tag: tag, type: 4, count: 1, value: withUnsafeBytes(of: value.littleEndian) { Array($0) })
    }

    /// An ASCII entry, NUL-terminated.
    static func ascii(_ tag: UInt16, _ text: String) -> TIFFEntry {
        let bytes = Array(text.utf8) + [0]
        return TIFFEntry(tag: tag, type: 2, count: bytes.count, value: bytes)
    }

    /// A SHORT entry.
    static func short(_ tag: UInt16, _ value: UInt16) -> TIFFEntry {
        TIFFEntry(tag: tag, type: 3, count: 1, value: withUnsafeBytes(of: value.littleEndian) { Array($0) })
    }

    /// A RATIONAL entry (one value).
    static func rational(_ tag: UInt16, _ value: Double) -> TIFFEntry { rationals(tag, [value]) }

    /// A RATIONAL entry: each value as a fraction over a denominator that keeps four significant digits.
    static func rationals(_ tag: UInt16, _ values: [Double]) -> TIFFEntry {
        var bytes: [UInt8] = []
        for value in values {
            let denominator: UInt32 = value >= 1 ? 10_000 : 1_000_000
            let numerator = UInt32(max(0, min(Double(UInt32.max), (value * Double(denominator)).rounded())))
            bytes += withUnsafeBytes(of: numerator.littleEndian) { Array($0) }
            bytes += withUnsafeBytes(of: denominator.littleEndian) { Array($0) }
        }
        return TIFFEntry(tag: tag, type: 5, count: values.count, value: bytes)
    }

    /// The first value as an unsigned integer (SHORT or LONG), for pointers and small fields.
    var unsignedValue: Int? {
        switch type {
        case 3 where value.count >= 2: Int(value[0]) | Int(value[1]) << 8
        case 4 where value.count >= 4, 13 where value.count >= 4:
            Int(value[0]) | Int(value[1]) << 8 | Int(value[2]) << 16 | Int(value[3]) << 24
        case 1 where !value.isEmpty: Int(value[0])
        default: nil
        }
    }
}
