import Dispatch
import Foundation
import FolderWatch
import Logging
import RelightConfig
import ServiceLifecycle
import Synchronization

/// Feeds complete files from the ``FolderWatcher`` into the ``Pipeline``. A reload with different
/// watch entries restarts the watcher on the new ones.
public final class WatcherService: Service, Sendable {
    /// What the watcher watches; replaced on reload.
    public struct Setup: Sendable, Equatable {
        public var entries: [WatchEntry]
        public var knownProfiles: Set<String>
        public var ignoredFolders: [String]

        public init(entries: [WatchEntry], knownProfiles: Set<String>, ignoredFolders: [String]) {
            self.entries = entries
            self.knownProfiles = knownProfiles
            self.ignoredFolders = ignoredFolders
        }
    }

    private struct State {
        var setup: Setup
        var watcher: FolderWatcher?
        var stopping = false
        var readyRoots: Set<String> = []
        var reportedUnroutable: Set<String> = []
        /// Trees polled because inotify could not watch them: root → why.
        var fallbacks: [String: String] = [:]
    }

    private let pipeline: Pipeline
    private let logger: Logger
    private let onReady: @Sendable () -> Void
    private let onFallbacks: @Sendable ([String: String]) -> Void
    private let state: Mutex<State>

    /// - Parameters:
    ///   - onFallbacks: called with every tree that is polled because inotify could not watch it
    ///     (root → why) whenever that set changes, for `/healthz`.
    ///   - onReady: called once, when every watched folder is in place (for systemd's READY=1).
    public init(
        setup: Setup, pipeline: Pipeline, logger: Logger, onFallbacks: @escaping @Sendable ([String: String]) -> Void = { _ in },
        onReady: @escaping @Sendable () -> Void = {}
    ) {
        self.pipeline = pipeline
        self.logger = logger
        self.onReady = onReady
        self.onFallbacks = onFallbacks
        self.state = Mutex(State(setup: setup))
    }

    public func run() async throws {
        var announced = false
        await withGracefulShutdownHandler {
            while true {
                let next: (FolderWatcher, Setup)? = state.withLock { state in
                    guard !state.stopping else { return nil }
                    let watcher = FolderWatcher(
                        entries: state.setup.entries, knownProfiles: state.setup.knownProfiles,
                        ignoredFolders: state.setup.ignoredFolders, logger: logger)
                    state.watcher = watcher
                    state.readyRoots = []
                    state.fallbacks = [:]
                    return (watcher, state.setup)
                }
                guard let (watcher, setup) = next else { return }
                onFallbacks([:])
                let events = watcher.start()
                // Take the events on the inotify thread that reports them, without waiting for a
                // pool thread to wake. The pipeline's actor code then runs on that thread too
                // (default actors follow a task's executor preference), so everything blocking
                // in accept (hashing, copies, the journal) is on BlockingIO or GRDB's queues.
                // The watcher is never stopped from here (stopping waits for that thread).
                announced = await withTaskExecutorPreference(FolderWatch.eventExecutor) { [announced] in
                    var announced = announced
                    for await event in events {
                        if await handle(event, setup: setup), !announced {
                            announced = true
                            onReady()
                        }
                    }
                    return announced
                }
            }
        } onGracefulShutdown: {
            let watcher = self.state.withLock { state -> FolderWatcher? in
                state.stopping = true
                return state.watcher
            }
            DispatchQueue.global().async { watcher?.stop() }
        }
    }

    /// Watches `setup` from now on; restarts the watcher when the folders changed.
    public func update(_ setup: Setup) {
        let watcher = state.withLock { state -> FolderWatcher? in
            guard state.setup != setup else { return nil }
            state.setup = setup
            return state.watcher
        }
        guard let watcher else { return }
        logger.notice("watched folders changed; restarting the watcher")
        DispatchQueue.global().async { watcher.stop() }
    }

    /// Handles one event; returns true once every root is ready.
    private func handle(_ event: FolderWatchEvent, setup: Setup) async -> Bool {
        switch event {
        case .complete(let file):
            // A name that is not UTF-8 (Latin-1 from an old share) travels losslessly as a String (see PathBytes).
            let path = PathBytes(bytes: file.path.bytes).string
            guard setup.entries.indices.contains(file.entryIndex) else { return false }
            PipelineMetrics.fileDetected()
            PipelineMetrics.record(.settle, seconds: Date().timeIntervalSince1970 - Double(file.stamp.modified) / 1e9)
            await pipeline.accept(IncomingFile(
                path: path, entry: setup.entries[file.entryIndex], profiles: file.profiles, isCatchUp: file.origin != .event))
            return false
        case .unroutable(let file):
            let isNew = state.withLock { $0.reportedUnroutable.insert(file.path.description).inserted }
            if isNew { logger.info("not relit: \(file.reason)", metadata: ["file.path": "\(file.path)"]) }
            return false
        case .ready(let root, let mode):
            logger.info("watching", metadata: ["folder": "\(root)", "mode": "\(mode)"])
            return state.withLock { state in
                state.readyRoots.insert(root.description)
                return state.readyRoots.count >= state.setup.entries.count
            }
        case .rootUnavailable(let root, let reason):
            logger.error("watched folder unavailable; checking for it again periodically", metadata: ["folder": "\(root)", "reason": "\(reason)"])
            return false
        case .rootRestored(let root):
            logger.notice("watched folder is back", metadata: ["folder": "\(root)"])
            return false
        case .pollingFallback(let root, let reason):
            logger.warning("polling instead of inotify", metadata: ["folder": "\(root)", "reason": "\(reason)"])
            let fallbacks = state.withLock { state in
                state.fallbacks[root.description] = reason
                return state.fallbacks
            }
            onFallbacks(fallbacks)
            return false
        }
    }
}
