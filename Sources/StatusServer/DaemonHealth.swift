import Synchronization

/// What the status server knows about the daemon's parts beyond the pipeline: whether the
/// watcher has its folders in place, which trees it polls because inotify ran out, and whether
/// the daemon is stopping.
public final class DaemonHealth: Sendable {
    private struct State {
        var watching = false
        var stopping = false
        var fallbacks: [String: String] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// Every watched folder is in place.
    public func watcherReady() { state.withLock { $0.watching = true } }

    /// A graceful shutdown has begun.
    public func shuttingDown() { state.withLock { $0.stopping = true } }

    /// The watched trees polled instead of watched with inotify (root → why), replaced whenever
    /// the watcher reports a change or restarts.
    public func pollingFallbacks(_ fallbacks: [String: String]) { state.withLock { $0.fallbacks = fallbacks } }

    public var isWatching: Bool { state.withLock { $0.watching } }
    public var isStopping: Bool { state.withLock { $0.stopping } }
    public var fallbacks: [String: String] { state.withLock { $0.fallbacks } }
}
