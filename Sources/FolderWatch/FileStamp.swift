#if canImport(Glibc)
import Glibc
#endif

/// What settling compares: a file's identity, size and modification time, from one `stat`.
public struct FileStamp: Sendable, Hashable {
    public var device: UInt64
    public var inode: UInt64
    public var size: Int64
    /// Modification time in nanoseconds since the epoch.
    public var modified: Int64

    public init(device: UInt64, inode: UInt64, size: Int64, modified: Int64) {
        self.device = device
        self.inode = inode
        self.size = size
        self.modified = modified
    }

    init(_ info: stat) {
        self.init(
            device: UInt64(info.st_dev),
            inode: UInt64(info.st_ino),
            size: Int64(info.st_size),
            modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        )
    }

    /// The stamp of a regular file (symlinks are not followed), or nil when it is gone or not a regular file.
    static func of(_ path: WatchPath) -> FileStamp? {
        var info = stat()
        let rc = path.withCString { lstat($0, &info) }
        guard rc == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return FileStamp(info)
    }
}
