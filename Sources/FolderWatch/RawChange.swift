/// What a change source (the inotify thread or a poll scan) tells a watcher, before settling.
enum RawChange: Sendable {
    /// A file was closed after writing, moved in, or found by a listing.
    case touched(WatchPath, DetectionOrigin)
    /// A file was deleted or moved away.
    case removed(WatchPath)
    /// A folder was deleted or moved out of the tree.
    case treeRemoved(WatchPath)
    /// A folder was renamed inside the tree.
    case treeRenamed(from: WatchPath, to: WatchPath)
    /// Every watch is in place and the start-up listing is done.
    case ready
    /// The watched folder itself is gone (deleted, moved or unmounted).
    case rootGone(String)
    /// The watched folder is back and watched again; its files are being listed.
    case rootRestored
    /// inotify cannot watch this tree (out of watches, or unavailable); poll it instead.
    case fallBackToPolling(String)
    /// Events were lost (`IN_Q_OVERFLOW`); a rescan follows.
    case overflowed
    /// A folder inside the tree cannot be listed or watched.
    case unreadable(WatchPath, String)
}

/// What the inotify thread needs to know about one watched folder.
struct RootRegistration: Sendable {
    var id: Int
    var path: WatchPath
    var rules: IgnoreRules
    var recursive: Bool
    var rearmInterval: Duration
    /// Test hook: behave as if the kernel ran out of watches after this many.
    var watchLimit: Int?
    var sink: @Sendable (RawChange) -> Void
}
