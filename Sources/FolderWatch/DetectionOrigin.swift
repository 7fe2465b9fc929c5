/// How a file came to the watcher's attention.
public enum DetectionOrigin: String, Sendable, Hashable {
    /// Found by the start-up scan: it arrived while nothing was watching. A consumer uses this to catch up.
    case startupScan
    /// A close-after-write or a move into a watched folder.
    case event
    /// Found by listing a folder that just appeared (mkdir -p, moved in), or by a rescan after an overflow
    /// or a watched folder coming back.
    case rescan
    /// Found by a poll scan.
    case poll
}
