#if canImport(Glibc)
import Glibc
#endif
internal import CInotifyTools
import ImageSniffing

/// A file opened once to take its stamp and sniff its first bytes: one path lookup (`open`),
/// then `fstat` and `pread` on the descriptor.
///
/// Symlinks are not followed and FIFOs do not block (`O_NOFOLLOW | O_NONBLOCK`); only regular
/// files get a stamp. The read leaves the access time alone (`O_NOATIME`, where the kernel
/// allows it: for the file's owner): sniffing is not an access, and updating it would dirty the
/// inode of every new file, which costs a journal write on the way to the report. A file that cannot be opened (no read permission) is stamped with `lstat`,
/// so it still settles once and is then logged as not an image, as before.
struct OpenedFile: ~Copyable {
    private let fd: Int32
    let stamp: FileStamp?

    init(_ path: WatchPath) {
        fd = Self.openForReading(path)
        guard fd >= 0 else {
            stamp = FileStamp.of(path)
            return
        }
        var info = stat()
        stamp = fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG ? FileStamp(info) : nil
    }

    /// `open` for sniffing: without touching the access time when permitted, else plainly.
    static func openForReading(_ path: WatchPath) -> Int32 {
        path.withCString { name in
            let flags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC
            let fd = open(name, flags | relight_o_noatime)
            return fd < 0 && errno == EPERM ? open(name, flags) : fd
        }
    }

    deinit {
        if fd >= 0 { Glibc.close(fd) }
    }

    /// Closes the file now (after reporting it, so the close is not on the way to the consumer).
    consuming func close() {}

    /// The image kind named by the first bytes, or nil (empty, unreadable, not an image).
    func kind() -> ImageKind? {
        guard fd >= 0 else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: ImageContent.headerLength) { header in
            let count = pread(fd, header.baseAddress, ImageContent.headerLength, 0)
            guard count > 0 else { return nil }
            return ContentSniffer.kind(of: UnsafeBufferPointer(rebasing: header[..<count]))
        }
    }
}
