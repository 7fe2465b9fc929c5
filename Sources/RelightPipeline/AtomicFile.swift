import Foundation
import RelightConfig
#if canImport(Glibc)
import Glibc
#endif

/// Writes files so that a reader (or a crash) never sees a partial file under its final name,
/// and never replaces a file relight did not write.
public enum AtomicFile {
    /// Temporary files start with this; start-up removes any a crash left behind.
    public static let temporaryPrefix = ".relight-tmp-"

    /// A write that could not complete. The message says what to do.
    public struct WriteError: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var errno: Int32
        public var operation: String

        public var description: String {
            let path = PathBytes.display(self.path)
            let reason = String(cString: strerror(errno))
            switch errno {
            case ENOSPC, EDQUOT: return "cannot write \(path): the disk is full (\(reason)); free some space, then run relight retry"
            case EACCES, EPERM, EROFS:
                return "cannot write \(path): permission denied (\(reason)); give relight's user write access to the folder"
            case ENOENT: return "cannot write \(path): its folder disappeared (\(reason)); relight will create it again on retry"
            default: return "cannot \(operation) \(path): \(reason)"
            }
        }

        /// Whether retrying later can help (all of these can, once the operator acts).
        public var isRetryable: Bool { true }
    }

    /// Writes `data` to `folder/name`, or to `name (2)`, `name (3)`... when a file that is not in
    /// `ours` already has the name. Returns the path written.
    ///
    /// The data goes to a temporary file in the same folder, is fsynced, then linked to the final
    /// name (which fails rather than replaces when the name is taken), and the folder is fsynced.
    public static func write(_ data: Data, folder: String, name: String, replacing ours: Set<String> = []) throws(WriteError) -> String {
        try createFolder(folder)
        let temporary = (folder as NSString).appendingPathComponent("\(temporaryPrefix)\(UUID().uuidString)")
        try writeAndSync(data, to: temporary)
        defer { unlink(temporary) }
        var attempt = 1
        while true {
            let candidate = (folder as NSString).appendingPathComponent(attempt == 1 ? name : suffixed(name, attempt))
            if ours.contains(candidate) {
                guard bytes(candidate, { rename(temporary, $0) }) == 0 else { throw WriteError(path: candidate, errno: errno, operation: "rename to") }
                try syncFolder(folder)
                return candidate
            }
            if bytes(candidate, { link(temporary, $0) }) == 0 {
                try syncFolder(folder)
                return candidate
            }
            let code = errno
            switch code {
            case EEXIST:
                attempt += 1
            case EPERM, ENOTSUP, EOPNOTSUPP, EXDEV, EMLINK:
                // File systems without hard links (some SMB and FUSE mounts): check, then rename.
                if bytes(candidate, { access($0, F_OK) }) == 0 {
                    attempt += 1
                    continue
                }
                guard bytes(candidate, { rename(temporary, $0) }) == 0 else { throw WriteError(path: candidate, errno: errno, operation: "rename to") }
                try syncFolder(folder)
                return candidate
            default:
                throw WriteError(path: candidate, errno: code, operation: "link")
            }
        }
    }

    /// Calls `body` with the real bytes of `path`, which may carry a name that is not UTF-8 (see
    /// ``PathBytes``): a source moved by `after: move:` keeps its name byte for byte.
    static func bytes(_ path: String, _ body: (UnsafePointer<CChar>) -> Int32) -> Int32 {
        PathBytes(path).withCString(body)
    }

    /// `photo (2).jpg` for `photo.jpg`.
    static func suffixed(_ name: String, _ number: Int) -> String {
        for compound in [".relight.json", ".error.json"] where name.hasSuffix(compound) && name.count > compound.count {
            return "\(name.dropLast(compound.count)) (\(number))\(compound)"
        }
        let ext = (name as NSString).pathExtension
        let stem = (name as NSString).deletingPathExtension
        return ext.isEmpty ? "\(stem) (\(number))" : "\(stem) (\(number)).\(ext)"
    }

    /// `mkdir -p`, keeping the errno so the message can say why it failed.
    static func createFolder(_ folder: String) throws(WriteError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue { return }
        let parent = (folder as NSString).deletingLastPathComponent
        if parent != folder, !parent.isEmpty { try createFolder(parent) }
        if mkdir(folder, 0o755) != 0, errno != EEXIST {
            throw WriteError(path: folder, errno: errno, operation: "create folder")
        }
    }

    static func writeAndSync(_ data: Data, to path: String) throws(WriteError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw WriteError(path: path, errno: errno, operation: "create") }
        var failure: Int32 = 0
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if failure == 0, fsync(fd) != 0 { failure = errno }
        if close(fd) != 0, failure == 0 { failure = errno }
        if failure != 0 {
            unlink(path)
            throw WriteError(path: path, errno: failure, operation: "write")
        }
    }

    static func syncFolder(_ folder: String) throws(WriteError) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw WriteError(path: folder, errno: errno, operation: "open folder") }
        defer { close(fd) }
        if fsync(fd) != 0, errno != EINVAL { throw WriteError(path: folder, errno: errno, operation: "sync folder") }
    }

    /// Removes temporary files a crash left in `folder` and below. Returns how many were removed.
    @discardableResult
    public static func sweepTemporaries(under folder: String) -> Int {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return 0 }
        var removed = 0
        while let relative = enumerator.nextObject() as? String {
            guard (relative as NSString).lastPathComponent.hasPrefix(temporaryPrefix) else { continue }
            if unlink((folder as NSString).appendingPathComponent(relative)) == 0 { removed += 1 }
        }
        return removed
    }
}
