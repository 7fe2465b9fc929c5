import Synchronization

/// One watch entry's state behind its own lock.
///
/// The watcher's worker thread uses it for settling deadlines and poll scans. For a `settle: 0`
/// tree watched with inotify, the inotify thread applies its changes here directly, so a
/// complete file is reported from the thread that read the event, without a hand-off.
/// A lock per entry (not per watcher) keeps a long poll scan of one entry from holding up the
/// inotify thread, which serves every entry in the process.
final class RootCell: Sendable {
    let index: Int
    let hubID: Int
    let path: WatchPath
    /// Changes are applied on the inotify thread as they arrive (see `WatchWorker.applyNow`).
    let appliesDirectly: Bool
    private let state: Mutex<WatchedRoot>

    init(_ root: WatchedRoot) {
        index = root.index
        hubID = root.hubID
        path = root.path
        appliesDirectly = root.settle.settle == .zero
        state = Mutex(root)
    }

    func withLock<Result: Sendable>(_ body: (inout WatchedRoot) -> Result) -> Result {
        state.withLock { body(&$0) }
    }
}
