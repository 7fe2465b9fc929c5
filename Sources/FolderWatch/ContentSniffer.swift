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
        if let kind = header.withContiguousStorageIfAvailable({ kind(of: $0) }) { return kind }
        return Array(header.prefix(12)).withUnsafeBufferPointer { kind(of: $0) }
    }

    /// The same check on raw bytes, without allocating (it runs on the inotify thread for every file).
    static func kind(of bytes: UnsafeBufferPointer<UInt8>) -> ImageKind? {
        func matches(_ expected: (UInt8, UInt8, UInt8, UInt8), at offset: Int) -> Bool {
            bytes.count >= offset + 4 && bytes[offset] == expected.0 && bytes[offset + 1] == expected.1
                && bytes[offset + 2] == expected.2 && bytes[offset + 3] == expected.3
        }
        if bytes.count >= 3, bytes[0] == 0xFF, bytes[1] == 0xD8, bytes[2] == 0xFF { return .jpeg }
        if matches((0x89, 0x50, 0x4E, 0x47), at: 0), matches((0x0D, 0x0A, 0x1A, 0x0A), at: 4) { return .png }
        // "RIFF" .... "WEBP"
        if matches((0x52, 0x49, 0x46, 0x46), at: 0), matches((0x57, 0x45, 0x42, 0x50), at: 8) { return .webp }
        return nil
    }

    /// Reads a file's first 12 bytes (without following a symlink, without blocking on a FIFO,
    /// without changing the access time where permitted).
    public static func kind(ofFile path: WatchPath) -> ImageKind? {
        let fd = OpenedFile.openForReading(path)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var header = [UInt8](repeating: 0, count: 12)
        let count = header.withUnsafeMutableBytes { read(fd, $0.baseAddress, 12) }
        guard count > 0 else { return nil }
        return kind(ofHeader: header.prefix(count))
    }
}
