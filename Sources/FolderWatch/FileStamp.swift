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
            modified: Self.nanoseconds(info.st_mtim)
        )
    }

    /// `time` in nanoseconds since the epoch, held at Int64's ends outside 1678…2262: a file copied with a
    /// far-future or ancient date (tar, rsync, a camera with a wrong clock) must not overflow and trap.
    static func nanoseconds(_ time: timespec) -> Int64 {
        let (scaled, overflow) = Int64(time.tv_sec).multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return time.tv_sec < 0 ? .min : .max }
        let (total, carry) = scaled.addingReportingOverflow(Int64(time.tv_nsec))
        return carry ? .max : total
    }

    /// The stamp of a regular file (symlinks are not followed), or nil when it is gone or not a regular file.
    static func of(_ path: WatchPath) -> FileStamp? {
        var info = stat()
        let rc = path.withCString { lstat($0, &info) }
        guard rc == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return FileStamp(info)
    }
}
