#if canImport(Glibc)
import Glibc
#endif
import Logging
import RelightConfig

/// One watcher's thread: takes raw changes from the inotify thread and its own poll scans,
/// settles them, sniffs them, routes them and reports complete files.
///
/// A `settle: 0` tree watched with inotify skips this thread: the inotify thread applies its
/// changes directly (`applyNow`), so a closed file is reported by the thread that read the event.
/// Each entry's state sits behind its own lock (`RootCell`), so both threads can use it.
///
/// `@unchecked Sendable` is safe: `queue` and `continuation` are thread-safe, `cells` is
/// immutable and every cell's state is only touched with the cell's lock held.
final class WatchWorker: @unchecked Sendable {
    private let queue = WorkQueue<(Int, RawChange)>()
    let continuation: AsyncStream<FolderWatchEvent>.Continuation
    let logger: Logger
    let cells: [RootCell]
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
        cells = entries.enumerated().map { index, entry in
            RootCell(WatchedRoot(index: index, entry: entry, knownProfiles: knownProfiles, ignoredFolders: ignoredFolders))
        }
    }

    func stop() { queue.stop() }

    func run() {
        start()
        while true {
            var deadline: ContinuousClock.Instant?
            for cell in cells {
                if let next = cell.withLock({ $0.nextDeadline() }) { deadline = deadline.map { min($0, next) } ?? next }
            }
            let (changes, stopped) = queue.take(until: deadline)
            if stopped { break }
            for (index, change) in changes { cells[index].withLock { apply(change, to: &$0) } }
            let now = ContinuousClock.now
            for cell in cells {
                cell.withLock { root in
                    if root.pollsDue(now) { pollScan(&root) }
                    for file in root.settle.due(now: now, stat: FileStamp.of) { finish(file, root) }
                }
            }
        }
        if case .success(let hub) = InotifyHub.shared {
            // Unregister every tree, then wait (at most 1 s in all) for the inotify thread to drop them.
            let done = WorkQueue<Bool>()
            let inotifyCells = cells.filter { $0.withLock(\.usesInotify) }
            for cell in inotifyCells { hub.send(.remove(cell.hubID, done: done)) }
            let deadline = ContinuousClock.now.advanced(by: .seconds(1))
            var acknowledged = 0
            while acknowledged < inotifyCells.count, ContinuousClock.now < deadline {
                acknowledged += done.take(until: deadline).items.count
            }
        }
        continuation.finish()
    }

    /// Applies a change on the calling thread (the inotify thread), for `settle: 0` trees.
    func applyNow(_ change: RawChange, _ index: Int) {
        cells[index].withLock { apply(change, to: &$0) }
        // Polling starts on the worker thread: wake it to schedule the first scan.
        if case .fallBackToPolling = change { queue.poke() }
    }

    private func start() {
        for cell in cells {
            let (mode, skipped, registration) = cell.withLock { root -> (WatchingMode, [WatchPath], RootRegistration) in
                let mode = root.initialMode()
                if case .inotify = mode, case .success = InotifyHub.shared { root.usesInotify = true }
                return (mode, root.skippedIgnoredFolders, RootRegistration(
                    id: root.hubID, path: root.path, rules: root.rules, recursive: root.entry.recursive,
                    rearmInterval: rearmInterval, watchLimit: watchLimit, sink: { _ in }
                ))
            }
            for folder in skipped {
                logger.warning("outputs or state are written around the watched folder, not inside it, so they cannot be ignored; move them outside", metadata: ["watch.root": "\(cell.path)", "folder": "\(folder)"])
            }
            switch mode {
            case .poll(let reason):
                cell.withLock { $0.startPolling(reason: reason, now: .now) }
                logger.info("watching by polling", metadata: ["watch.root": "\(cell.path)", "reason": "\(reason)"])
            case .inotify:
                switch InotifyHub.shared {
                case .success(let hub):
                    var registration = registration
                    let index = cell.index
                    if cell.appliesDirectly {
                        registration.sink = { [self] in applyNow($0, index) }
                    } else {
                        let queue = self.queue
                        registration.sink = { queue.append((index, $0)) }
                    }
                    hub.send(.add(registration))
                case .failure(let error):
                    cell.withLock { apply(.fallBackToPolling("inotify is unavailable: \(error.message)"), to: &$0) }
                }
            }
        }
    }

    /// Test hook: the inotify thread drops this root's next events and then reports an overflow.
    func simulateOverflow(entryIndex: Int, dropping: Int) {
        guard case .success(let hub) = InotifyHub.shared, let cell = cells.first(where: { $0.index == entryIndex }) else { return }
        hub.send(.simulateOverflow(cell.hubID, dropping: dropping))
    }

    private func apply(_ change: RawChange, to root: inout WatchedRoot) {
        let path = root.path
        // Only for the rare changes that log: files must not pay for it.
        var meta: Logger.Metadata { ["watch.root": "\(path)"] }
        switch change {
        case .touched(let file, let origin):
            guard !root.rules.ignoresFile(file, root: path) else { return }
            if root.settle.settle == .zero {
                // One open for the stamp and the sniff; closed after the report.
                let opened = OpenedFile(file)
                if let settled = root.settle.touched(file, stamp: opened.stamp, origin: origin, now: .now) {
                    report(settled, kind: opened.kind(), root)
                }
                opened.close()
            } else if let settled = root.settle.touched(file, stamp: FileStamp.of(file), origin: origin, now: .now) {
                finish(settled, root)
            }
        case .removed(let file):
            root.forget(file)
        case .treeRemoved(let folder):
            root.forgetTree(folder)
        case .treeRenamed(let old, let new):
            root.settle.renameTree(from: old, to: new)
        case .ready:
            // A tree that fell back to polling reports ready after its first poll scan.
            guard !root.polling, !root.readyReported else { return }
            root.readyReported = true
            continuation.yield(.ready(root: path, mode: .inotify))
        case .rootGone(let reason):
            logger.warning("watched folder is unavailable: \(reason)", metadata: meta)
            continuation.yield(.rootUnavailable(root: path, reason: reason))
        case .rootRestored:
            logger.info("watched folder is back; watching it again", metadata: meta)
            continuation.yield(.rootRestored(root: path))
        case .fallBackToPolling(let reason):
            guard !root.polling else { return }
            logger.warning("\(reason)", metadata: meta)
            root.startPolling(reason: reason, now: .now)
            continuation.yield(.pollingFallback(root: path, reason: reason))
        case .overflowed:
            logger.warning("the inotify event queue overflowed, so events were lost; rescanning the tree", metadata: meta)
        case .unreadable(let folder, let reason):
            if root.unreadableReported.insert(folder).inserted {
                logger.warning("cannot watch or list a folder: \(reason)", metadata: ["watch.root": "\(path)", "folder": "\(folder)"])
            }
        }
    }

    /// Sniffs and routes a settled file, then reports it.
    func finish(_ settled: SettleStateMachine.Settled, _ root: WatchedRoot) {
        report(settled, kind: ContentSniffer.kind(ofFile: settled.path), root)
    }

    /// Routes a settled file whose content was sniffed as `kind`, then reports it.
    private func report(_ settled: SettleStateMachine.Settled, kind: ImageKind?, _ root: WatchedRoot) {
        guard let kind else {
            let what = settled.stamp.size == 0
                ? "it is empty" : "its content is not an image relight reads (JPEG, PNG, WebP, TIFF, HEIC/HEIF/AVIF or camera RAW)"
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
