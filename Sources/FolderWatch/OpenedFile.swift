#if canImport(Glibc)
import Glibc
#endif

/// A file opened once to take its stamp and sniff its first bytes: one path lookup (`open`),
/// then `fstat` and `pread` on the descriptor.
///
/// Symlinks are not followed and FIFOs do not block (`O_NOFOLLOW | O_NONBLOCK`); only regular
/// files get a stamp. A file that cannot be opened (no read permission) is stamped with `lstat`,
/// so it still settles once and is then logged as not an image, as before.
struct OpenedFile: ~Copyable {
    private let fd: Int32
    let stamp: FileStamp?

    init(_ path: WatchPath) {
        fd = path.withCString { open($0, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC) }
        guard fd >= 0 else {
            stamp = FileStamp.of(path)
            return
        }
        var info = stat()
        stamp = fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG ? FileStamp(info) : nil
    }

    deinit {
        if fd >= 0 { Glibc.close(fd) }
    }

    /// Closes the file now (after reporting it, so the close is not on the way to the consumer).
    consuming func close() {}

    /// The image kind named by the first bytes, or nil (empty, unreadable, not an image).
    func kind() -> ImageKind? {
        guard fd >= 0 else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 12) { header in
            let count = pread(fd, header.baseAddress, 12, 0)
            guard count > 0 else { return nil }
            return ContentSniffer.kind(ofHeader: UnsafeBufferPointer(rebasing: header[..<count]))
        }
    }
}
