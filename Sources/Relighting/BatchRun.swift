import Foundation
import ImageCodecs
import RelightConfig

/// The sources of `relight run`: the files and folders named on its command line, expanded.
/// `relight run` itself goes through the daemon's pipeline (journal, atomic writer, sidecars).
public enum BatchRun {
    /// The files to relight: files as given, folders expanded to the images directly inside them
    /// (recognised by content, hidden files skipped). Paths that do not exist are problems.
    public static func expand(_ paths: [String]) -> (files: [String], problems: [String]) {
        var files: [String] = []
        var problems: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                problems.append("\(path): no such file or folder")
                continue
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let entries = ((try? manager.contentsOfDirectory(atPath: path)) ?? []).sorted()
            var found = 0
            for entry in entries where !entry.hasPrefix(".") {
                let full = (path as NSString).appendingPathComponent(entry)
                var entryIsDirectory: ObjCBool = false
                guard manager.fileExists(atPath: full, isDirectory: &entryIsDirectory), !entryIsDirectory.boolValue,
                      let handle = FileHandle(forReadingAtPath: full)
                else { continue }
                let head = (try? handle.read(upToCount: 12)) ?? Data()
                try? handle.close()
                if ImageFormat.sniff(head) != nil {
                    files.append(full)
                    found += 1
                }
            }
            if found == 0 { problems.append("\(path): the folder holds no JPEG, PNG or WebP images") }
        }
        return (files, problems)
    }
}
