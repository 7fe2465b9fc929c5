import Foundation
import RelightConfig
#if canImport(Glibc)
import Glibc
#endif

/// Carries out `after: keep | delete | move:FOLDER` on a source whose outputs are all on disk.
public enum SourceDisposition {
    /// Applies `action` to `source`. Returns where the source is now (`nil` once deleted).
    ///
    /// A move never replaces a file already in the destination: it takes a ` (2)`-style name.
    public static func apply(_ action: AfterAction, to source: String) throws(AtomicFile.WriteError) -> String? {
        switch action {
        case .keep:
            return source
        case .delete:
            if unlink(source) != 0, errno != ENOENT { throw AtomicFile.WriteError(path: source, errno: errno, operation: "delete") }
            return nil
        case .move(let folder):
            try AtomicFile.createFolder(folder)
            let name = (source as NSString).lastPathComponent
            var attempt = 1
            while true {
                let target = (folder as NSString).appendingPathComponent(attempt == 1 ? name : AtomicFile.suffixed(name, attempt))
                if link(source, target) == 0 {
                    unlink(source)
                    return target
                }
                switch errno {
                case EEXIST: attempt += 1
                case EXDEV, EPERM, ENOTSUP, EOPNOTSUPP:
                    if access(target, F_OK) == 0 { attempt += 1; continue }
                    return try copyThenRemove(source, to: target, folder: folder)
                default: throw AtomicFile.WriteError(path: target, errno: errno, operation: "move to")
                }
            }
        }
    }

    /// Moves across file systems: copy with fsync under a temporary name, link into place, then delete.
    private static func copyThenRemove(_ source: String, to target: String, folder: String) throws(AtomicFile.WriteError) -> String {
        guard let data = FileManager.default.contents(atPath: source) else {
            throw AtomicFile.WriteError(path: source, errno: EIO, operation: "read")
        }
        let written = try AtomicFile.write(data, folder: folder, name: (target as NSString).lastPathComponent)
        unlink(source)
        return written
    }
}
