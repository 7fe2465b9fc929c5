/// What a `FolderWatcher` reports.
public enum FolderWatchEvent: Sendable, Hashable {
    /// A complete image file relight reads (``ImageKind``), with the profiles that apply to it.
    case complete(CompleteFile)
    /// A complete image that no profile applies to (e.g. directly in a `by-subfolder` root).
    case unroutable(UnroutableFile)
    /// A watched folder is set up: every watch is in place (or the first poll scan is done) and
    /// the start-up listing has been taken. Files it found may still be settling.
    case ready(root: WatchPath, mode: WatchingMode)
    /// A watched folder is missing (deleted, moved, unmounted); it is checked again periodically.
    case rootUnavailable(root: WatchPath, reason: String)
    /// A missing watched folder is back and watched again; its files are listed.
    case rootRestored(root: WatchPath)
    /// inotify could not watch this tree (out of watches, or unavailable); it is polled instead.
    case pollingFallback(root: WatchPath, reason: String)
}

/// How a watched folder is being watched.
public enum WatchingMode: Sendable, Hashable, CustomStringConvertible {
    case inotify
    /// Polled, with the reason (e.g. `mode: poll`, a network file system).
    case poll(String)

    public var description: String {
        switch self {
        case .inotify: "inotify"
        case .poll(let reason): "polling (\(reason))"
        }
    }
}

/// A file that has settled and sniffs as an image.
public struct CompleteFile: Sendable, Hashable {
    public var path: WatchPath
    /// The watched folder it lies in, and the index of its entry in the list given to the watcher.
    public var root: WatchPath
    public var entryIndex: Int
    public var profiles: [String]
    public var kind: ImageKind
    public var stamp: FileStamp
    /// `.startupScan` for files that arrived while nothing was watching.
    public var origin: DetectionOrigin
}

/// A settled image that no profile applies to, with the reason for the user.
public struct UnroutableFile: Sendable, Hashable {
    public var path: WatchPath
    public var root: WatchPath
    public var entryIndex: Int
    public var kind: ImageKind
    public var reason: String
    public var origin: DetectionOrigin
}
