public import Logging
public import RelightConfig
import Synchronization

/// Turns `watch:` entries into one stream of complete image files, each reported once, with the
/// profiles that apply.
///
/// ```swift
/// let watcher = FolderWatcher(entries: config.watch, knownProfiles: names, logger: logger)
/// for await event in watcher.start() { ... }
/// ```
/// Detection runs on dedicated threads (the process's inotify thread and one worker thread per
/// watcher), never on Swift's cooperative pool. `stop()` returns within about a second.
public final class FolderWatcher: Sendable {
    public let entries: [WatchEntry]
    private let knownProfiles: Set<String>?
    private let ignoredFolders: [WatchPath]
    private let logger: Logger
    private let rearmInterval: Duration
    /// Test hook: make inotify run out of watches after this many per tree.
    let watchLimit: Int?
    private let running = Mutex<(worker: WatchWorker, thread: DedicatedThread)?>(nil)

    /// - Parameters:
    ///   - knownProfiles: the profile names that exist; with `by-subfolder`, a folder with another
    ///     name is unroutable. nil accepts any folder name.
    ///   - ignoredFolders: absolute folders never looked at, e.g. the state folder. Every entry's
    ///     output folder (`outputRoot`) and `move:` folder are added automatically.
    ///   - rearmInterval: how often a missing watched folder is checked for.
    public convenience init(
        entries: [WatchEntry],
        knownProfiles: Set<String>?,
        ignoredFolders: [String] = [],
        logger: Logger,
        rearmInterval: Duration = .seconds(1)
    ) {
        self.init(entries: entries, knownProfiles: knownProfiles, ignoredFolders: ignoredFolders,
                  logger: logger, rearmInterval: rearmInterval, watchLimit: nil)
    }

    init(
        entries: [WatchEntry],
        knownProfiles: Set<String>?,
        ignoredFolders: [String],
        logger: Logger,
        rearmInterval: Duration,
        watchLimit: Int?
    ) {
        self.watchLimit = watchLimit
        self.entries = entries
        self.knownProfiles = knownProfiles
        var ignored = ignoredFolders.map(WatchPath.init)
        for entry in entries {
            ignored.append(WatchPath(entry.outputRoot))
            if case .move(let folder) = entry.after { ignored.append(WatchPath(folder)) }
        }
        self.ignoredFolders = ignored
        self.logger = logger
        self.rearmInterval = rearmInterval
    }

    /// Starts watching and returns the events. Call once.
    public func start() -> AsyncStream<FolderWatchEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: FolderWatchEvent.self, bufferingPolicy: .unbounded)
        let worker = WatchWorker(
            entries: entries, knownProfiles: knownProfiles, ignoredFolders: ignoredFolders,
            logger: logger, rearmInterval: rearmInterval, watchLimit: watchLimit, continuation: continuation
        )
        // Only signal here: onTermination may run on the worker thread itself, which must not join itself.
        continuation.onTermination = { _ in worker.stop() }
        let thread = DedicatedThread.start(name: "relight-watch") { worker.run() }
        running.withLock { $0 = (worker, thread) }
        return stream
    }

    /// Test hook: the inotify thread drops the entry's next `dropping` events, as a full kernel
    /// queue would, then reports an overflow.
    func simulateOverflow(entryIndex: Int, dropping: Int) {
        running.withLock { $0?.worker }?.simulateOverflow(entryIndex: entryIndex, dropping: dropping)
    }

    /// Stops watching and finishes the event stream. Safe to call more than once.
    public func stop() {
        guard let (worker, thread) = running.withLock({ $0 }) else { return }
        worker.stop()
        thread.join()
    }
}
