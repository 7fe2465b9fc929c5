import Synchronization

/// What the status server knows about the daemon's parts beyond the pipeline: whether the
/// watcher has its folders in place, and whether the daemon is stopping.
public final class DaemonHealth: Sendable {
    private struct State {
        var watching = false
        var stopping = false
    }

    private let state = Mutex(State())

    public init() {}

    /// Every watched folder is in place.
    public func watcherReady() { state.withLock { $0.watching = true } }

    /// A graceful shutdown has begun.
    public func shuttingDown() { state.withLock { $0.stopping = true } }

    public var isWatching: Bool { state.withLock { $0.watching } }
    public var isStopping: Bool { state.withLock { $0.stopping } }
}
