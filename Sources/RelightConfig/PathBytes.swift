/// A file path as the bytes the kernel knows it by, and its lossless form as a `String`.
///
/// Linux file names are byte strings. Old Windows and Samba shares write Latin-1 names such as
/// `caf\xE9.jpg`, which are not UTF-8. The pipeline, the journal and the CLI carry paths as
/// `String`s, so such a path is carried as a `String` in which each byte that is not part of valid
/// UTF-8 is the private-use scalar U+10FF00 + byte (U+10FF80...U+10FFFF). A real name that holds
/// one of those scalars itself has its four bytes escaped the same way, so every byte string maps
/// to exactly one `String` and back. A path that is valid UTF-8 is its own `String`, unchanged.
///
/// The private-use scalars never reach people or the file system: ``description`` shows the bytes
/// as `\xE9`, ``readable`` decodes them as Windows-1252 (for output names), and system calls take
/// ``withCString(_:)``, which hands over the real bytes.
public struct PathBytes: Sendable, Hashable, CustomStringConvertible {
    /// The path's bytes, without a terminating NUL.
    public var bytes: [UInt8]

    public init(bytes: some Sequence<UInt8>) {
        self.bytes = Array(bytes)
    }

    /// The bytes of a path carried as a `String` (the inverse of ``string``).
    public init(_ path: String) {
        guard Self.hasEscapes(path) else {
            bytes = Array(path.utf8)
            return
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(path.utf8.count)
        for scalar in path.unicodeScalars {
            if let byte = Self.escapedByte(scalar) { bytes.append(byte) } else { bytes.append(contentsOf: String(scalar).utf8) }
        }
        self.bytes = bytes
    }

    /// The path as a `String`, losslessly: valid UTF-8 as it is, every other byte as U+10FF00 + byte.
    public var string: String {
        if let valid = String(validating: bytes, as: UTF8.self), !Self.hasEscapes(valid) { return valid }
        var scalars = String.UnicodeScalarView()
        var index = 0
        while index < bytes.count {
            if let (scalar, length) = Self.scalar(in: bytes, at: index), Self.escapedByte(scalar) == nil {
                scalars.append(scalar)
                index += length
            } else {
                scalars.append(Self.escape(bytes[index]))
                index += 1
            }
        }
        return String(scalars)
    }

    /// The path for people: exact when it is UTF-8, otherwise with each other byte as `\xE9`.
    public var description: String { Self.display(string) }

    /// The path as a valid UTF-8 name a person expects: bytes that are not UTF-8 are decoded as
    /// Windows-1252 (a superset of Latin-1 for printable text), so `caf\xE9` reads `café`.
    public var readable: String { Self.readable(string) }

    /// Calls `body` with the real bytes as a NUL-terminated C string, for system calls.
    public func withCString<R, E: Error>(_ body: (UnsafePointer<CChar>) throws(E) -> R) throws(E) -> R {
        let count = bytes.count
        return try withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { (buffer: UnsafeMutableBufferPointer<CChar>) throws(E) -> R in
            bytes.withUnsafeBytes { source in
                if count > 0 { UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(from: source.baseAddress!, byteCount: count) }
            }
            buffer[count] = 0
            return try body(buffer.baseAddress!)
        }
    }
}

extension PathBytes {
    /// The first scalar of the escape range: byte `b` (0x80...0xFF) is U+10FF00 + b.
    static let escapeBase: UInt32 = 0x10_FF00

    /// Whether `path` holds bytes that are not UTF-8 (or escape scalars), that is, needs ``PathBytes`` to reach the file.
    public static func hasEscapes(_ path: String) -> Bool {
        path.utf8.contains(0xF4) && path.unicodeScalars.contains { escapedByte($0) != nil }
    }

    /// A path carried as a `String` (or any text that holds one) for people: escape scalars as `\xE9`.
    public static func display(_ text: String) -> String {
        guard hasEscapes(text) else { return text }
        var shown = ""
        shown.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if let byte = escapedByte(scalar) {
                shown += "\\x" + hex(byte)
            } else {
                shown.unicodeScalars.append(scalar)
            }
        }
        return shown
    }

    /// A path carried as a `String` as valid UTF-8 for naming outputs: escape scalars decoded as Windows-1252.
    public static func readable(_ path: String) -> String {
        guard hasEscapes(path) else { return path }
        var scalars = String.UnicodeScalarView()
        for scalar in path.unicodeScalars {
            if let byte = escapedByte(scalar) {
                scalars.append(windows1252(byte))
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    static func escape(_ byte: UInt8) -> Unicode.Scalar {
        Unicode.Scalar(escapeBase + UInt32(byte))!
    }

    /// The byte an escape scalar stands for, or nil for any other scalar.
    static func escapedByte(_ scalar: Unicode.Scalar) -> UInt8? {
        scalar.value >= escapeBase + 0x80 && scalar.value <= escapeBase + 0xFF ? UInt8(scalar.value - escapeBase) : nil
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }

    /// The well-formed UTF-8 scalar starting at `index` and its length, or nil when the bytes there
    /// are not one (a stray continuation byte, an overlong form, a surrogate, a truncated sequence).
    static func scalar(in bytes: [UInt8], at index: Int) -> (Unicode.Scalar, Int)? {
        let lead = bytes[index]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let length: Int
        let second: ClosedRange<UInt8>
        switch lead {
        case 0xC2...0xDF: length = 2; second = 0x80...0xBF
        case 0xE0: length = 3; second = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3; second = 0x80...0xBF
        case 0xED: length = 3; second = 0x80...0x9F
        case 0xF0: length = 4; second = 0x90...0xBF
        case 0xF1...0xF3: length = 4; second = 0x80...0xBF
        case 0xF4: length = 4; second = 0x80...0x8F
        default: return nil
        }
        guard index + length <= bytes.count, second.contains(bytes[index + 1]) else { return nil }
        var value = UInt32(lead) & (0xFF >> (length + 1))
        for offset in 1..<length {
            let byte = bytes[index + offset]
            guard byte & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        return Unicode.Scalar(value).map { ($0, length) }
    }

    /// Windows-1252's character for a byte of 0x80 or more; its five unassigned bytes become `_`.
    static func windows1252(_ byte: UInt8) -> Unicode.Scalar {
        guard byte >= 0x80, byte < 0xA0 else { return Unicode.Scalar(byte) }
        let table: [UInt32] = [
            0x20AC, 0x5F, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x5F, 0x017D, 0x5F,
            0x5F, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x5F, 0x017E, 0x0178,
        ]
        return Unicode.Scalar(table[Int(byte - 0x80)])!
    }
}
