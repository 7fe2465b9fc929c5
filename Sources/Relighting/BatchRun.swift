import Foundation
import ImageCodecs
import ImageSniffing
import RelightConfig

/// The sources of `relight run`: the files and folders named on its command line, expanded.
/// `relight run` itself goes through the daemon's pipeline (journal, atomic writer, sidecars).
public enum BatchRun {
    /// The files to relight: files as given, folders expanded to the images directly inside them
    /// (recognised by content, hidden files skipped). Paths that do not exist are problems.
    ///
    /// Paths may carry names that are not UTF-8 (see ``PathBytes``): every check and listing goes
    /// by the real bytes, and a folder's entries come back in the same lossless `String` form.
    public static func expand(_ paths: [String]) -> (files: [String], problems: [String]) {
        var files: [String] = []
        var problems: [String] = []
        for path in paths {
            let folder = PathBytes(path)
            guard let attributes = try? folder.attributes() else {
                problems.append("\(folder): no such file or folder")
                continue
            }
            guard attributes.isDirectory else {
                files.append(path)
                continue
            }
            let entries = ((try? folder.entries()) ?? []).sorted { $0.lexicographicallyPrecedes($1) }
            var found = 0
            for entry in entries where entry.first != UInt8(ascii: ".") && !ImageContent.isSidecar(name: entry) {
                let full = folder.appending(entry)
                guard let kind = try? full.attributes(), !kind.isDirectory,
                      let head = try? full.contents(limit: ImageContent.headerLength), ImageContent.sniff(head) != nil
                else { continue }
                files.append(full.string)
                found += 1
            }
            if found == 0 { problems.append("\(folder): the folder holds no images relight reads (JPEG, PNG, WebP, TIFF, HEIC/HEIF/AVIF or camera RAW)") }
        }
        return (files, problems)
    }
}
