import Foundation
import RelightConfig
#if canImport(Glibc)
import Glibc
#endif

/// Carries out `after: keep | delete | move:FOLDER` on a source whose outputs are all on disk.
///
/// Every call reaches the source by its real bytes (``PathBytes``), so a name that is not UTF-8
/// is deleted or moved, and a moved source keeps its name byte for byte.
public enum SourceDisposition {
    /// Applies `action` to `source`. Returns where the source is now (`nil` once deleted).
    ///
    /// A move keeps the source's subfolders below `root` (its watched folder): `inbox/day1/a.jpg`
    /// goes to `FOLDER/day1/a.jpg`, so the archive mirrors the inbox. It never replaces a file already
    /// in the destination: it takes a ` (2)`-style name.
    public static func apply(_ action: AfterAction, to source: String, under root: String? = nil) throws(AtomicFile.WriteError) -> String? {
        switch action {
        case .keep:
            return source
        case .delete:
            if PathBytes(source).withCString({ unlink($0) }) != 0, errno != ENOENT { throw AtomicFile.WriteError(path: source, errno: errno, operation: "delete") }
            return nil
        case .move(let archive):
            let folder = mirrored(source, under: root, in: archive)
            try AtomicFile.createFolder(folder)
            let name = (source as NSString).lastPathComponent
            var attempt = 1
            while true {
                let target = (folder as NSString).appendingPathComponent(attempt == 1 ? name : AtomicFile.suffixed(name, attempt))
                if PathBytes(source).withCString({ from in PathBytes(target).withCString { link(from, $0) } }) == 0 {
                    PathBytes(source).withCString { _ = unlink($0) }
                    return target
                }
                switch errno {
                case EEXIST: attempt += 1
                case EXDEV, EPERM, ENOTSUP, EOPNOTSUPP:
                    if PathBytes(target).withCString({ access($0, F_OK) }) == 0 { attempt += 1; continue }
                    return try copyThenRemove(source, to: target, folder: folder)
                default: throw AtomicFile.WriteError(path: target, errno: errno, operation: "move to")
                }
            }
        }
    }

    /// `archive`, plus the source's folder relative to `root` when it lies below it.
    static func mirrored(_ source: String, under root: String?, in archive: String) -> String {
        let folder = (source as NSString).deletingLastPathComponent
        guard let root, folder.hasPrefix(root + "/") else { return archive }
        let relative = String(folder.dropFirst(root.count + 1))
        // A name such as ".." cannot come from a watched tree, but never climb out of the archive.
        guard !relative.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) else { return archive }
        return (archive as NSString).appendingPathComponent(relative)
    }

    /// Moves across file systems: copy with fsync under a temporary name, link into place, then delete.
    private static func copyThenRemove(_ source: String, to target: String, folder: String) throws(AtomicFile.WriteError) -> String {
        let data: Data
        do throws(PathBytes.FileError) {
            data = Data(try PathBytes(source).contents())
        } catch {
            throw AtomicFile.WriteError(path: source, errno: error.errno, operation: "read")
        }
        let written = try AtomicFile.write(data, folder: folder, name: (target as NSString).lastPathComponent)
        PathBytes(source).withCString { _ = unlink($0) }
        return written
    }
}
