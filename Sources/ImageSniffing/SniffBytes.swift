/// Bounds-checked reads from a file's first bytes.
struct SniffBytes {
    let bytes: UnsafeRawBufferPointer

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var count: Int { bytes.count }

    func matches(_ expected: [UInt8], at offset: Int) -> Bool {
        guard offset >= 0, offset + expected.count <= bytes.count else { return false }
        for (index, byte) in expected.enumerated() where bytes[offset + index] != byte { return false }
        return true
    }

    func matches(_ expected: StaticString, at offset: Int) -> Bool {
        expected.withUTF8Buffer { matches(Array($0), at: offset) }
    }

    func u16(at offset: Int, bigEndian: Bool) -> UInt16? {
        guard offset >= 0, offset + 2 <= bytes.count else { return nil }
        let a = UInt16(bytes[offset]), b = UInt16(bytes[offset + 1])
        return bigEndian ? a << 8 | b : b << 8 | a
    }

    func u32(at offset: Int, bigEndian: Bool) -> UInt32? {
        guard let first = u16(at: offset, bigEndian: bigEndian), let second = u16(at: offset + 2, bigEndian: bigEndian) else { return nil }
        return bigEndian ? UInt32(first) << 16 | UInt32(second) : UInt32(second) << 16 | UInt32(first)
    }

    /// `count` bytes as Latin-1 text (brands, maker names); empty when out of range.
    func string(at offset: Int, count: Int) -> String {
        guard offset >= 0, count >= 0, offset + count <= bytes.count else { return "" }
        return String(decoding: bytes[offset..<(offset + count)].map { $0 < 0x80 ? $0 : 0x3F }, as: UTF8.self)
    }
}
