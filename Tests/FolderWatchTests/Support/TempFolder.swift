#if canImport(Glibc)
import Glibc
#endif
@testable import FolderWatch

/// A real temporary folder, removed when the test ends.
final class TempFolder {
    let path: WatchPath

    init(_ label: String = "watch") {
        var template = Array("/tmp/relight-\(label)-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed")
        path = WatchPath(cString: made!)
    }

    deinit { Self.removeTree(path) }

    func sub(_ relative: String) -> WatchPath { path.appending(relative) }

    @discardableResult
    func mkdir(_ relative: String) -> WatchPath {
        let target = sub(relative)
        Self.makeDirectories(target)
        return target
    }

    static func makeDirectories(_ target: WatchPath) {
        var current = WatchPath("/")
        for part in target.components(below: WatchPath("/")) ?? [] {
            current = current.appending(part)
            _ = current.withCString { Glibc.mkdir($0, 0o755) }
        }
    }

    /// Writes a whole file in one open/write/close.
    @discardableResult
    func write(_ relative: String, _ bytes: [UInt8]) -> WatchPath {
        let target = sub(relative)
        Self.write(target, bytes)
        return target
    }

    static func write(_ target: WatchPath, _ bytes: [UInt8], append: Bool = false) {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC)
        let fd = target.withCString { open($0, flags, 0o644) }
        precondition(fd >= 0, "open \(target) failed: \(errno)")
        if !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, bytes.count) }
            precondition(written == bytes.count)
        }
        close(fd)
    }

    static func rename(_ from: WatchPath, _ to: WatchPath) {
        let rc = from.withCString { a in to.withCString { b in Glibc.rename(a, b) } }
        precondition(rc == 0, "rename failed: \(errno)")
    }

    static func removeTree(_ target: WatchPath) {
        var info = stat()
        guard target.withCString({ lstat($0, &info) }) == 0 else { return }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            _ = target.withCString { chmod($0, 0o755) }
            if let listing = try? DirectoryListing.read(target, stamps: false) {
                for entry in listing.entries { removeTree(target.appending(entry.name)) }
            }
            // Symlinks and odd entries DirectoryListing skips.
            if let dir = target.withCString({ opendir($0) }) {
                var names: [[UInt8]] = []
                while let raw = readdir(dir) {
                    let name = withUnsafePointer(to: &raw.pointee.d_name) {
                        $0.withMemoryRebound(to: CChar.self, capacity: 256) { WatchPath.bytes(of: $0) }
                    }
                    if name != [0x2E], name != [0x2E, 0x2E] { names.append(name) }
                }
                closedir(dir)
                for name in names { _ = target.appending(name).withCString { unlink($0) } }
            }
            _ = target.withCString { rmdir($0) }
        } else {
            _ = target.withCString { unlink($0) }
        }
    }
}

/// Tiny files with real magic bytes: enough for the sniffer.
enum Fixture {
    static func jpeg(_ size: Int = 64, fill: UInt8 = 0x11) -> [UInt8] {
        [0xFF, 0xD8, 0xFF, 0xE0] + [UInt8](repeating: fill, count: max(0, size - 4))
    }

    static func png(_ size: Int = 64) -> [UInt8] {
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0x22, count: max(0, size - 8))
    }

    static func webp(_ size: Int = 64) -> [UInt8] {
        Array("RIFF".utf8) + [0x10, 0, 0, 0] + Array("WEBP".utf8) + [UInt8](repeating: 0x33, count: max(0, size - 12))
    }
}
