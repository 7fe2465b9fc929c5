/// Decides when a file is complete: its stamp (size, mtime, inode) has stayed unchanged for
/// `settle` after the last close or move. Pure: time comes in as arguments and the file system
/// through the `stat` closure, so tests drive it without sleeping.
///
/// Each file is settled once per stamp: the same stamp seen again (a rescan, a second close
/// without a write) is not reported again, while a placeholder refilled later is.
struct SettleStateMachine {
    typealias Instant = ContinuousClock.Instant

    struct Settled: Equatable {
        var path: WatchPath
        var stamp: FileStamp
        var origin: DetectionOrigin
    }

    private struct Pending {
        var stamp: FileStamp
        var deadline: Instant
        var origin: DetectionOrigin
        var generation: UInt64
    }

    let settle: Duration
    private var pending: [WatchPath: Pending] = [:]
    /// Deadlines in the order they were set. `settle` is fixed and time only moves on, so the
    /// queue stays sorted; entries superseded by a later touch are skipped by generation.
    private var queue: [(deadline: Instant, path: WatchPath, generation: UInt64)] = []
    private var queueHead = 0
    private var generation: UInt64 = 0
    /// The stamp each path was last settled with.
    private(set) var decided: [WatchPath: FileStamp] = [:]

    init(settle: Duration) {
        self.settle = max(settle, .zero)
    }

    var pendingCount: Int { pending.count }

    /// A close, a move in, or a scan saw the file with `stamp` (nil: it is gone). Returns the file
    /// at once when `settle` is zero.
    mutating func touched(_ path: WatchPath, stamp: FileStamp?, origin: DetectionOrigin, now: Instant) -> Settled? {
        guard let stamp else {
            pending[path] = nil
            return nil
        }
        if decided[path] == stamp {
            pending[path] = nil
            return nil
        }
        // Keep the first origin: a start-up file stays a start-up file while it settles.
        let firstOrigin = pending[path]?.origin ?? origin
        if settle == .zero {
            pending[path] = nil
            decided[path] = stamp
            return Settled(path: path, stamp: stamp, origin: firstOrigin)
        }
        generation &+= 1
        let deadline = now.advanced(by: settle)
        pending[path] = Pending(stamp: stamp, deadline: deadline, origin: firstOrigin, generation: generation)
        queue.append((deadline, path, generation))
        return nil
    }

    /// The earliest time `due` has work to do.
    mutating func nextDeadline() -> Instant? {
        skipStale()
        return queueHead < queue.count ? queue[queueHead].deadline : nil
    }

    /// Checks every file whose deadline has passed: unchanged ones are settled, changed ones wait again.
    mutating func due(now: Instant, stat: (WatchPath) -> FileStamp?) -> [Settled] {
        var settled: [Settled] = []
        var rearm: [(WatchPath, FileStamp, DetectionOrigin)] = []
        while true {
            skipStale()
            guard queueHead < queue.count, queue[queueHead].deadline <= now else { break }
            let path = queue[queueHead].path
            queueHead += 1
            guard let entry = pending.removeValue(forKey: path) else { continue }
            guard let current = stat(path) else { continue }
            if current == entry.stamp {
                decided[path] = current
                settled.append(Settled(path: path, stamp: current, origin: entry.origin))
            } else {
                rearm.append((path, current, entry.origin))
            }
        }
        for (path, stamp, origin) in rearm {
            generation &+= 1
            let deadline = now.advanced(by: settle)
            pending[path] = Pending(stamp: stamp, deadline: deadline, origin: origin, generation: generation)
            queue.append((deadline, path, generation))
        }
        compact()
        return settled
    }

    /// The file was deleted or moved away.
    mutating func forget(_ path: WatchPath) {
        pending[path] = nil
        decided[path] = nil
    }

    /// Everything under a folder that was deleted or moved out.
    mutating func forgetTree(_ folder: WatchPath) {
        pending = pending.filter { !$0.key.isWithin(folder) }
        decided = decided.filter { !$0.key.isWithin(folder) }
    }

    /// A folder was renamed inside the tree: what was settled there keeps its state under the new name.
    mutating func renameTree(from old: WatchPath, to new: WatchPath) {
        var movedPending: [WatchPath: Pending] = [:]
        for (path, entry) in pending where path.isWithin(old) {
            pending[path] = nil
            generation &+= 1
            var moved = entry
            moved.generation = generation
            let newPath = path.replacingPrefix(old, with: new)
            movedPending[newPath] = moved
        }
        for (path, entry) in movedPending {
            pending[path] = entry
            queue.append((entry.deadline, path, entry.generation))
        }
        if !movedPending.isEmpty {
            queue.removeFirst(queueHead)
            queueHead = 0
            queue.sort { $0.deadline < $1.deadline }
        }
        var movedDecided: [WatchPath: FileStamp] = [:]
        for (path, stamp) in decided where path.isWithin(old) {
            decided[path] = nil
            movedDecided[path.replacingPrefix(old, with: new)] = stamp
        }
        decided.merge(movedDecided) { _, new in new }
    }

    private mutating func skipStale() {
        while queueHead < queue.count {
            let head = queue[queueHead]
            if let entry = pending[head.path], entry.generation == head.generation { return }
            queueHead += 1
        }
    }

    private mutating func compact() {
        if queueHead > 1024, queueHead * 2 > queue.count {
            queue.removeFirst(queueHead)
            queueHead = 0
        }
    }
}
