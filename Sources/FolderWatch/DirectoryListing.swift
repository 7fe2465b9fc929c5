#if canImport(Glibc)
import Glibc
#endif

/// One folder's entries, read with `readdir` (symlinks are never followed).
struct DirectoryListing {
    enum Kind { case directory, file, other }

    struct Entry {
        var name: [UInt8]
        var kind: Kind
        /// Set for regular files when the listing was asked for stamps.
        var stamp: FileStamp?
    }

    var device: UInt64
    var inode: UInt64
    var entries: [Entry]

    /// Lists `folder`; with `stamps`, each regular file is also `fstatat`-ed. Throws the errno.
    static func read(_ folder: WatchPath, stamps: Bool) throws(ListingError) -> DirectoryListing {
        let fd = folder.withCString { open($0, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
        guard fd >= 0 else { throw ListingError(code: errno) }
        var info = stat()
        guard fstat(fd, &info) == 0, let directory = fdopendir(fd) else {
            let code = errno
            close(fd)
            throw ListingError(code: code)
        }
        defer { closedir(directory) }
        var listing = DirectoryListing(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), entries: [])
        while let raw = readdir(directory) {
            let type = raw.pointee.d_type
            var name: [UInt8] = withUnsafePointer(to: &raw.pointee.d_name) { tuple in
                tuple.withMemoryRebound(to: CChar.self, capacity: 256) { WatchPath.bytes(of: $0) }
            }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            var kind: Kind
            switch Int32(type) {
            case Int32(DT_DIR): kind = .directory
            case Int32(DT_REG): kind = .file
            case Int32(DT_UNKNOWN): kind = .other
            default: continue
            }
            var stamp: FileStamp?
            if kind == .other || (kind == .file && stamps) {
                var entryInfo = stat()
                name.append(0)
                let rc = name.withUnsafeBufferPointer { buffer in
                    buffer.withMemoryRebound(to: CChar.self) {
                        fstatat(dirfd(directory), $0.baseAddress!, &entryInfo, AT_SYMLINK_NOFOLLOW)
                    }
                }
                name.removeLast()
                guard rc == 0 else { continue }
                switch entryInfo.st_mode & S_IFMT {
                case S_IFDIR: kind = .directory
                case S_IFREG:
                    kind = .file
                    stamp = FileStamp(entryInfo)
                default: continue
                }
            }
            listing.entries.append(Entry(name: name, kind: kind, stamp: stamp))
        }
        return listing
    }
}

/// A folder could not be listed; `code` is the errno.
struct ListingError: Error, CustomStringConvertible {
    var code: Int32
    var description: String { String(cString: strerror(code)) }
}
