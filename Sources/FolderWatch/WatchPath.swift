import RelightConfig

/// A file system path kept as raw bytes.
///
/// Linux file names are byte strings: a name that is not valid UTF-8 must still reach `open(2)`
/// unchanged, so paths are never round-tripped through `String`. `description` is for people
/// (invalid bytes shown as `\xE9`); `withCString` is for system calls.
public struct WatchPath: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The path's bytes, without a terminating NUL.
    public private(set) var bytes: [UInt8]

    public init(bytes: [UInt8]) {
        var trimmed = bytes
        while trimmed.count > 1, trimmed.last == UInt8(ascii: "/") { trimmed.removeLast() }
        self.bytes = trimmed
    }

    public init(_ string: String) {
        self.init(bytes: Array(string.utf8))
    }

    /// A path from a NUL-terminated C string.
    init(cString: UnsafePointer<CChar>) {
        self.init(bytes: Self.bytes(of: cString))
    }

    static func bytes(of cString: UnsafePointer<CChar>) -> [UInt8] {
        var length = 0
        while cString[length] != 0 { length += 1 }
        return cString.withMemoryRebound(to: UInt8.self, capacity: length) {
            Array(UnsafeBufferPointer(start: $0, count: length))
        }
    }

    /// The path for display: exact when the bytes are UTF-8, with `\xE9`-style escapes where they are not.
    public var description: String { PathBytes(bytes: bytes).description }

    /// The path as a `String`, or nil when its bytes are not valid UTF-8.
    public var string: String? { String(validating: bytes, as: UTF8.self) }

    /// The last component (the file or folder name).
    public var lastComponent: [UInt8] {
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return bytes }
        return Array(bytes[(slash + 1)...])
    }

    /// The folder above this path.
    public var parent: WatchPath {
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return WatchPath(".") }
        return slash == 0 ? WatchPath("/") : WatchPath(bytes: Array(bytes[..<slash]))
    }

    /// This path with one more component.
    public func appending(_ name: [UInt8]) -> WatchPath {
        var copy = self
        if copy.bytes.last != UInt8(ascii: "/") { copy.bytes.append(UInt8(ascii: "/")) }
        copy.bytes.append(contentsOf: name)
        return copy
    }

    public func appending(_ name: String) -> WatchPath { appending(Array(name.utf8)) }

    /// This path with one more component taken from a listing buffer, in a single allocation.
    func appending(_ name: UnsafeBufferPointer<UInt8>) -> WatchPath {
        var copy = WatchPath(bytes: [])
        copy.bytes.reserveCapacity(bytes.count + 1 + name.count)
        copy.bytes.append(contentsOf: bytes)
        if bytes.last != UInt8(ascii: "/") { copy.bytes.append(UInt8(ascii: "/")) }
        copy.bytes.append(contentsOf: name)
        return copy
    }

    /// True when `self` is `ancestor` or lies below it (component-wise, not just a string prefix).
    public func isWithin(_ ancestor: WatchPath) -> Bool {
        let a = ancestor.bytes
        guard bytes.count >= a.count, bytes.starts(with: a) else { return false }
        if bytes.count == a.count || a.last == UInt8(ascii: "/") { return true }
        return bytes[a.count] == UInt8(ascii: "/")
    }

    /// The components below `ancestor`, or nil when this path is not within it.
    public func components(below ancestor: WatchPath) -> [[UInt8]]? {
        guard isWithin(ancestor) else { return nil }
        let rest = bytes.dropFirst(ancestor.bytes.count)
        return rest.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true).map(Array.init)
    }

    /// `self` with the leading `old` replaced by `new` (for folder renames).
    func replacingPrefix(_ old: WatchPath, with new: WatchPath) -> WatchPath {
        guard isWithin(old) else { return self }
        return WatchPath(bytes: new.bytes + bytes.dropFirst(old.bytes.count))
    }

    /// Calls `body` with the path as a NUL-terminated C string (built on the stack for usual lengths).
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

    /// Hashes the bytes in one go (the synthesized hash feeds them to the hasher one at a time).
    public func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    public static func == (lhs: WatchPath, rhs: WatchPath) -> Bool {
        lhs.bytes == rhs.bytes
    }

    public static func < (lhs: WatchPath, rhs: WatchPath) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }
}
