import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reading a file by its real bytes. Foundation's `FileManager` and `FileHandle` on Linux encode a
/// `String` path as UTF-8, so they cannot reach a name that is not UTF-8: these go through POSIX.
extension PathBytes {
    /// A failed system call on a path: what was tried, on which path (for people), and errno.
    public struct FileError: LocalizedError, Sendable, Equatable, CustomStringConvertible {
        public var operation: String
        public var path: String
        public var errno: Int32

        public init(_ operation: String, path: PathBytes, errno: Int32) {
            self.operation = operation
            self.path = path.description
            self.errno = errno
        }

        public var description: String { "cannot \(operation) \(path): \(String(cString: strerror(errno)))" }
        public var errorDescription: String? { description }
    }

    /// The bytes of a NUL-terminated C string (a command-line argument, a name from the system).
    public init(cString: UnsafePointer<CChar>) {
        let count = strlen(cString)
        self.init(bytes: UnsafeRawBufferPointer(start: cString, count: count))
    }

    /// What `stat(2)` says about the path (following symbolic links).
    public struct Attributes: Sendable, Equatable {
        public var size: Int64
        /// Seconds since 1970, with the nanoseconds.
        public var modified: Double
        public var isDirectory: Bool
        public var isRegularFile: Bool
    }

    public func attributes() throws(FileError) -> Attributes {
        var info = stat()
        guard withCString({ stat($0, &info) }) == 0 else { throw FileError("read the attributes of", path: self, errno: errno) }
        let kind = info.st_mode & S_IFMT
        return Attributes(
            size: Int64(info.st_size), modified: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9,
            isDirectory: kind == S_IFDIR, isRegularFile: kind == S_IFREG)
    }

    /// Whether something exists at the path (without following a final symbolic link).
    public var exists: Bool {
        var info = stat()
        return withCString { lstat($0, &info) } == 0
    }

    /// Reads the file in chunks of `chunkSize` bytes and hands each to `body`, never the whole file at once.
    public func forEachChunk(of chunkSize: Int = 1 << 20, _ body: (UnsafeRawBufferPointer) -> Void) throws(FileError) {
        let fd = withCString { open($0, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { throw FileError("open", path: self, errno: errno) }
        defer { close(fd) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = read(fd, buffer.baseAddress, chunkSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw FileError("read", path: self, errno: errno)
            }
            if count == 0 { return }
            body(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
        }
    }

    /// The file's content, or its first `limit` bytes.
    public func contents(limit: Int = .max) throws(FileError) -> [UInt8] {
        let fd = withCString { open($0, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { throw FileError("open", path: self, errno: errno) }
        defer { close(fd) }
        var info = stat()
        var data: [UInt8] = []
        if fstat(fd, &info) == 0 { data.reserveCapacity(min(limit, Int(info.st_size))) }
        var chunk = [UInt8](repeating: 0, count: min(limit, 1 << 20))
        while data.count < limit {
            let wanted = min(chunk.count, limit - data.count)
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, wanted) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileError("read", path: self, errno: errno)
            }
            if count == 0 { break }
            data.append(contentsOf: chunk[..<count])
        }
        return data
    }

    /// The names in the folder (not `.` or `..`), as bytes.
    public func entries() throws(FileError) -> [[UInt8]] {
        guard let folder = withCString({ opendir($0) }) else { throw FileError("list", path: self, errno: errno) }
        defer { closedir(folder) }
        var names: [[UInt8]] = []
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            names.append(name)
        }
        return names
    }

    /// This path with one more component.
    public func appending(_ name: [UInt8]) -> PathBytes {
        var copy = self
        if copy.bytes.last != UInt8(ascii: "/") { copy.bytes.append(UInt8(ascii: "/")) }
        copy.bytes.append(contentsOf: name)
        return copy
    }

    /// The last component (the file or folder name).
    public var lastComponent: [UInt8] {
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return bytes }
        return Array(bytes[(slash + 1)...])
    }
}

