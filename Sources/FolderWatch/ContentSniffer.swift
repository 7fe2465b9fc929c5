#if canImport(Glibc)
import Glibc
#endif
@_exported public import ImageSniffing

/// The image kinds that go on to relighting: the product's one sniffer's answer
/// (JPEG, PNG, WebP, TIFF, HEIC/HEIF/AVIF and camera RAW, each named finely: NEF, CR3…).
public typealias ImageKind = ImageContent

/// Recognises the images relight reads by their first bytes; nothing else passes.
///
/// The watcher only needs to drop text files, empty placeholders and the like before anything is
/// queued; the codecs decode later. The check itself is ``ImageContent/sniff(_:)``, shared with the
/// codecs and the uploader.
public enum ContentSniffer {
    /// The kind named by a file's first bytes, or nil.
    public static func kind(ofHeader header: some Collection<UInt8>) -> ImageKind? {
        ImageContent.sniff(header)
    }

    /// The same check on raw bytes, without allocating (it runs on the inotify thread for every file).
    static func kind(of bytes: UnsafeBufferPointer<UInt8>) -> ImageKind? {
        ImageContent.sniff(UnsafeRawBufferPointer(bytes))
    }

    /// Reads a file's first bytes (without following a symlink, without blocking on a FIFO,
    /// without changing the access time where permitted).
    public static func kind(ofFile path: WatchPath) -> ImageKind? {
        let fd = OpenedFile.openForReading(path)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: ImageContent.headerLength) { header in
            let count = pread(fd, header.baseAddress, ImageContent.headerLength, 0)
            guard count > 0 else { return nil }
            return kind(of: UnsafeBufferPointer(rebasing: header[..<count]))
        }
    }
}
