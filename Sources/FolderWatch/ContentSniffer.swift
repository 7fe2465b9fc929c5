#if canImport(Glibc)
import Glibc
#endif

/// The image formats that go on to relighting.
public enum ImageKind: String, Sendable, Hashable {
    case jpeg, png, webp
}

/// Recognises JPEG, PNG and WebP by their first bytes; nothing else passes.
///
/// A deliberately tiny check (the codecs module does real decoding later): the watcher only needs
/// to drop text files, empty placeholders and the like before anything is queued.
public enum ContentSniffer {
    /// The kind named by a file's first bytes, or nil.
    public static func kind(ofHeader header: some Collection<UInt8>) -> ImageKind? {
        let bytes = Array(header.prefix(12))
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if bytes.count == 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) { return .webp }
        return nil
    }

    /// Reads a file's first 12 bytes (without following a symlink, without blocking on a FIFO).
    public static func kind(ofFile path: WatchPath) -> ImageKind? {
        let fd = path.withCString { open($0, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC) }
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var header = [UInt8](repeating: 0, count: 12)
        let count = header.withUnsafeMutableBytes { read(fd, $0.baseAddress, 12) }
        guard count > 0 else { return nil }
        return kind(ofHeader: header.prefix(count))
    }
}
