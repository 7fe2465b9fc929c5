#if canImport(Glibc)
import Glibc
#endif
import Logging
import RelightConfig

/// One watcher's thread: takes raw changes from the inotify thread and its own poll scans,
/// settles them, sniffs them, routes them and reports complete files.
///
/// `@unchecked Sendable` is safe: `queue` and `continuation` are thread-safe, and everything
/// else (`roots`) is only touched on the worker thread inside `run()`.
final class WatchWorker: @unchecked Sendable {
    private let queue = WorkQueue<(Int, RawChange)>()
    let continuation: AsyncStream<FolderWatchEvent>.Continuation
    let logger: Logger
    var roots: [WatchedRoot]
    private let rearmInterval: Duration
    private let watchLimit: Int?

    init(
        entries: [WatchEntry], knownProfiles: Set<String>?, ignoredFolders: [WatchPath],
        logger: Logger, rearmInterval: Duration, watchLimit: Int?,
        continuation: AsyncStream<FolderWatchEvent>.Continuation
    ) {
        self.continuation = continuation
        self.logger = logger
        self.rearmInterval = rearmInterval
        self.watchLimit = watchLimit
        roots = entries.enumerated().map { index, entry in
            WatchedRoot(index: index, entry: entry, knownProfiles: knownProfiles, ignoredFolders: ignoredFolders)
        }
    }

    func stop() { queue.stop() }

    func run() {
        start()
        while true {
            var deadline: ContinuousClock.Instant?
            for index in roots.indices {
                if let next = roots[index].nextDeadline() { deadline = deadline.map { min($0, next) } ?? next }
            }
            let (changes, stopped) = queue.take(until: deadline)
            if stopped { break }
            for (index, change) in changes { apply(change, to: index) }
            let now = ContinuousClock.now
            for index in roots.indices {
                if roots[index].pollsDue(now) { pollScan(index) }
                let settled = roots[index].settle.due(now: now, stat: FileStamp.of)
                for file in settled { finish(file, index) }
            }
        }
        if case .success(let hub) = InotifyHub.shared {
            // Unregister every tree, then wait (at most 1 s in all) for the inotify thread to drop them.
            let done = WorkQueue<Bool>()
            let inotifyRoots = roots.filter(\.usesInotify)
            for root in inotifyRoots { hub.send(.remove(root.hubID, done: done)) }
            let deadline = ContinuousClock.now.advanced(by: .seconds(1))
            var acknowledged = 0
            while acknowledged < inotifyRoots.count, ContinuousClock.now < deadline {
                acknowledged += done.take(until: deadline).items.count
            }
        }
        continuation.finish()
    }

    private func start() {
        for index in roots.indices {
            let root = roots[index]
            for skipped in root.skippedIgnoredFolders {
                logger.warning("outputs or state are written around the watched folder, not inside it, so they cannot be ignored; move them outside", metadata: ["watch.root": "\(root.path)", "folder": "\(skipped)"])
            }
            switch root.initialMode() {
            case .poll(let reason):
                roots[index].startPolling(reason: reason, now: .now)
                logger.info("watching by polling", metadata: ["watch.root": "\(root.path)", "reason": "\(reason)"])
            case .inotify:
                switch InotifyHub.shared {
                case .success(let hub):
                    roots[index].usesInotify = true
                    let queue = self.queue
                    let index = root.index
                    hub.send(.add(RootRegistration(
                        id: root.hubID, path: root.path, rules: root.rules, recursive: root.entry.recursive,
                        rearmInterval: rearmInterval, watchLimit: watchLimit,
                        sink: { queue.append((index, $0)) }
                    )))
                case .failure(let error):
                    apply(.fallBackToPolling("inotify is unavailable: \(error.message)"), to: index)
                }
            }
        }
    }

    /// Test hook: the inotify thread drops this root's next events and then reports an overflow.
    func simulateOverflow(entryIndex: Int, dropping: Int) {
        guard case .success(let hub) = InotifyHub.shared, let root = roots.first(where: { $0.index == entryIndex }) else { return }
        hub.send(.simulateOverflow(root.hubID, dropping: dropping))
    }

    private func apply(_ change: RawChange, to index: Int) {
        let path = roots[index].path
        let meta: Logger.Metadata = ["watch.root": "\(path)"]
        switch change {
        case .touched(let file, let origin):
            guard !roots[index].rules.ignoresFile(file, root: path) else { return }
            let stamp = FileStamp.of(file)
            if let settled = roots[index].settle.touched(file, stamp: stamp, origin: origin, now: .now) {
                finish(settled, index)
            }
        case .removed(let file):
            roots[index].forget(file)
        case .treeRemoved(let folder):
            roots[index].forgetTree(folder)
        case .treeRenamed(let old, let new):
            roots[index].settle.renameTree(from: old, to: new)
        case .ready:
            // A tree that fell back to polling reports ready after its first poll scan.
            guard !roots[index].polling, !roots[index].readyReported else { return }
            roots[index].readyReported = true
            continuation.yield(.ready(root: path, mode: .inotify))
        case .rootGone(let reason):
            logger.warning("watched folder is unavailable: \(reason)", metadata: meta)
            continuation.yield(.rootUnavailable(root: path, reason: reason))
        case .rootRestored:
            logger.info("watched folder is back; watching it again", metadata: meta)
            continuation.yield(.rootRestored(root: path))
        case .fallBackToPolling(let reason):
            guard !roots[index].polling else { return }
            logger.warning("\(reason)", metadata: meta)
            roots[index].startPolling(reason: reason, now: .now)
            continuation.yield(.pollingFallback(root: path, reason: reason))
        case .overflowed:
            logger.warning("the inotify event queue overflowed, so events were lost; rescanning the tree", metadata: meta)
        case .unreadable(let folder, let reason):
            if roots[index].unreadableReported.insert(folder).inserted {
                logger.warning("cannot watch or list a folder: \(reason)", metadata: ["watch.root": "\(path)", "folder": "\(folder)"])
            }
        }
    }

    /// Sniffs and routes a settled file, then reports it.
    func finish(_ settled: SettleStateMachine.Settled, _ index: Int) {
        let root = roots[index]
        guard let kind = ContentSniffer.kind(ofFile: settled.path) else {
            let what = settled.stamp.size == 0 ? "it is empty" : "its content is not JPEG, PNG or WebP"
            logger.info("skipped: \(what)", metadata: ["file.path": "\(settled.path)", "watch.root": "\(root.path)"])
            return
        }
        switch root.router.route(settled.path, root: root.path) {
        case .profiles(let profiles):
            continuation.yield(.complete(CompleteFile(
                path: settled.path, root: root.path, entryIndex: root.index, profiles: profiles,
                kind: kind, stamp: settled.stamp, origin: settled.origin
            )))
        case .unroutable(let reason):
            logger.info("no profile applies: \(reason)", metadata: ["file.path": "\(settled.path)", "watch.root": "\(root.path)"])
            continuation.yield(.unroutable(UnroutableFile(
                path: settled.path, root: root.path, entryIndex: root.index, kind: kind, reason: reason, origin: settled.origin
            )))
        }
    }
}
