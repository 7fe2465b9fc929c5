import Foundation

extension RelightConfiguration {
    /// Folders the daemon writes into that lie inside `entry`'s watched tree. The watcher ignores
    /// them, so the daemon never processes its own writes.
    public func ignoredFolders(for entry: WatchEntry) -> [String] {
        var folders: [String] = []
        for candidate in ownFolders where PathRules.isInside(candidate, entry.path) && !folders.contains(candidate) {
            folders.append(candidate)
        }
        return folders
    }

    /// Every folder the daemon writes into: output roots, the state folder and `move:` folders.
    public var ownFolders: [String] {
        var folders = [stateDirectory]
        for entry in watch {
            folders.append(entry.outputRoot)
            if case .move(let folder) = entry.after { folders.append(folder) }
        }
        return folders
    }
}

/// Path comparisons on absolute, standardised paths.
public enum PathRules {
    /// Whether `path` is `folder` or lies below it.
    public static func isInside(_ path: String, _ folder: String) -> Bool {
        let path = trimmed(path), folder = trimmed(folder)
        if folder == "/" { return true }
        return path == folder || path.hasPrefix(folder + "/")
    }

    private static func trimmed(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }
}
