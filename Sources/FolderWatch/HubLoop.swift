#if canImport(Glibc)
import Glibc
#endif
internal import CInotifyTools

/// The inotify thread's state and loop. Created on, and only ever used from, that thread.
///
/// libinotifytools is used for what it does safely: owning the inotify instance and reading and
/// splitting events (`inotifytools_next_events`). Watches are added and removed with Glibc's
/// `inotify_add_watch`/`inotify_rm_watch` on the library's own descriptor instead of
/// `inotifytools_watch_file`: that call does not return the descriptor, and its tables go stale
/// on renames and deletes, so a re-created folder would be looked up under a dead descriptor.
/// The descriptor → path map lives in `WatchTable`.
///
/// Waiting uses poll(2) on the inotify descriptor and an eventfd, so commands and shutdown are
/// handled at once; the library is only asked for events when poll says there are some (and
/// `next_events(0, 1)` never blocks). With nothing pending (no unpaired folder move, no missing
/// root to look for again) the wait has no timeout: an idle daemon's inotify thread sleeps.
final class HubLoop {
    enum RootStatus { case watching, gone, polling }

    struct Root {
        var registration: RootRegistration
        var status: RootStatus
        var nextRearm: ContinuousClock.Instant
        var dropBudget = 0
    }

    struct PendingMove {
        var root: Int
        var path: WatchPath
        var since: ContinuousClock.Instant
    }

    let descriptor: Int32
    private let wake: Int32
    private let commands: WorkQueue<InotifyHub.Command>
    private let jobs: HubJobs
    var table = WatchTable()
    var roots: [Int: Root] = [:]
    var pendingMoves: [UInt32: PendingMove] = [:]
    /// How long an unpaired folder MOVED_FROM waits for its MOVED_TO before it counts as moved out.
    private let moveGrace: Duration = .milliseconds(20)

    init(descriptor: Int32, wake: Int32, commands: WorkQueue<InotifyHub.Command>, jobs: HubJobs) {
        self.descriptor = descriptor
        self.wake = wake
        self.commands = commands
        self.jobs = jobs
    }

    func run() {
        jobs.runsOnThisThread()
        while true {
            // Events first: a woken loop reads what woke it before anything else.
            let drained = drainEvents(limit: 4096)
            // Consumers that prefer this thread (FolderWatch.eventExecutor) take what was just
            // reported without waiting for another thread to wake.
            jobs.runAll()
            let (batch, stopped) = commands.take(until: .now)
            if stopped { return }
            for command in batch { handle(command) }
            resolveMoves(force: false)
            rearmGoneRoots()
            // Commands and moves report to sinks too, and a consumer resumed by them queues its
            // job from this thread without writing the eventfd: run it before sleeping.
            jobs.runAll()
            if !drained { continue }
            waitForActivity()
        }
    }

    // MARK: Waiting

    private func waitForActivity() {
        // -1: no timeout. Everything else wakes the loop through the inotify descriptor or the eventfd.
        var timeout: Int32 = -1
        if !pendingMoves.isEmpty { timeout = 25 }
        var nextRearm: ContinuousClock.Instant?
        for root in roots.values where root.status == .gone {
            nextRearm = nextRearm.map { min($0, root.nextRearm) } ?? root.nextRearm
        }
        if let next = nextRearm {
            let until = ContinuousClock.now.duration(to: next)
            let millis = until <= .zero ? 0 : Int32(min(1000, until.components.seconds * 1000 + until.components.attoseconds / 1_000_000_000_000_000 + 1))
            timeout = timeout < 0 ? millis : min(timeout, millis)
        }
        let woken = withUnsafeTemporaryAllocation(of: pollfd.self, capacity: 2) { fds in
            fds[0] = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            fds[1] = pollfd(fd: wake, events: Int16(POLLIN), revents: 0)
            _ = poll(fds.baseAddress, 2, timeout)
            return fds[1].revents != 0
        }
        if woken {
            var value: UInt64 = 0
            _ = read(wake, &value, 8)
        }
    }

    // MARK: Commands

    private func handle(_ command: InotifyHub.Command) {
        switch command {
        case .add(let registration):
            roots[registration.id] = Root(registration: registration, status: .watching, nextRearm: .now)
            if isDirectory(registration.path) {
                watchTree(registration.path, root: registration.id, origin: .startupScan)
            } else {
                markGone(registration.id, reason: "\(registration.path) does not exist or is not a folder; it is watched again as soon as it appears")
            }
            registration.sink(.ready)
        case .remove(let id, let done):
            for wd in table.descriptors(of: id) {
                table.remove(wd)
                inotify_rm_watch(descriptor, wd)
            }
            roots[id] = nil
            pendingMoves = pendingMoves.filter { $0.value.root != id }
            done.append(true)
        case .simulateOverflow(let id, let dropping):
            roots[id]?.dropBudget = max(1, dropping)
        }
    }

    // MARK: Events

    /// Handles up to `limit` events; true when the queue is empty.
    private func drainEvents(limit: Int) -> Bool {
        for _ in 0..<limit {
            guard let event = inotifytools_next_events(0, 1) else { return true }
            let wd = event.pointee.wd
            let mask = event.pointee.mask
            let cookie = event.pointee.cookie
            let length = Int(event.pointee.len)
            // The name, NUL-padded to `len`, follows the fixed part; it is read in place.
            var nameLength = 0
            let base = UnsafeRawPointer(event).advanced(by: MemoryLayout<inotify_event>.size).assumingMemoryBound(to: UInt8.self)
            while nameLength < length, base[nameLength] != 0 { nameLength += 1 }
            let name = UnsafeBufferPointer(start: base, count: nameLength)
            handleEvent(wd: wd, mask: mask, cookie: cookie, name: name)
        }
        return false
    }

    private func handleEvent(wd: Int32, mask: UInt32, cookie: UInt32, name: UnsafeBufferPointer<UInt8>) {
        if mask & InotifyMask.queueOverflow != 0 {
            for (id, root) in roots where root.status == .watching {
                root.registration.sink(.overflowed)
                rescan(id)
            }
            return
        }
        guard let node = table.node(wd), let root = roots[node.root] else { return }
        if root.dropBudget > 0 {
            // Test hook: pretend the kernel queue overflowed and these events were lost.
            roots[node.root]?.dropBudget -= 1
            if root.dropBudget == 1 {
                root.registration.sink(.overflowed)
                rescan(node.root)
            }
            return
        }
        let isRoot = node.path == root.registration.path
        if mask & InotifyMask.ignored != 0 {
            table.remove(wd)
            if isRoot, root.status == .watching {
                markGone(node.root, reason: "\(node.path) was removed")
            }
            return
        }
        if mask & (InotifyMask.deleteSelf | InotifyMask.moveSelf | InotifyMask.unmount) != 0 {
            if isRoot, root.status == .watching {
                markGone(node.root, reason: "\(node.path) was deleted, moved away or unmounted")
            }
            return
        }
        guard !name.isEmpty else { return }
        let path = node.path.appending(name)
        if mask & InotifyMask.isDirectory != 0 {
            handleFolderEvent(path, mask: mask, cookie: cookie, root: node.root)
        } else if mask & (InotifyMask.closeWrite | InotifyMask.movedTo) != 0 {
            root.registration.sink(.touched(path, .event))
        } else if mask & (InotifyMask.delete | InotifyMask.movedFrom) != 0 {
            root.registration.sink(.removed(path))
        }
    }

    private func handleFolderEvent(_ path: WatchPath, mask: UInt32, cookie: UInt32, root id: Int) {
        guard let root = roots[id] else { return }
        if mask & InotifyMask.create != 0 {
            guard root.registration.recursive else { return }
            // Watch first, then list: whatever lands before the watch is found by the listing.
            watchTree(path, root: id, origin: .rescan)
        } else if mask & InotifyMask.movedFrom != 0 {
            pendingMoves[cookie] = PendingMove(root: id, path: path, since: .now)
        } else if mask & InotifyMask.movedTo != 0 {
            if let move = pendingMoves.removeValue(forKey: cookie) {
                moveTree(move, to: path, root: id)
            } else if root.registration.recursive {
                // Moved in from outside: its files are already there, so list them.
                watchTree(path, root: id, origin: .rescan)
            }
        } else if mask & InotifyMask.delete != 0 {
            for wd in table.removeTree(path, root: id) { inotify_rm_watch(descriptor, wd) }
            root.registration.sink(.treeRemoved(path))
        }
    }

    private func moveTree(_ move: PendingMove, to path: WatchPath, root id: Int) {
        guard let root = roots[id] else { return }
        let ignoredThere = root.registration.rules.ignoresFolder(path, root: root.registration.path)
        if move.root == id, !ignoredThere {
            table.renameTree(from: move.path, to: path, root: id)
            root.registration.sink(.treeRenamed(from: move.path, to: path))
            return
        }
        dropTree(move.path, root: move.root)
        if !ignoredThere, root.registration.recursive {
            watchTree(path, root: id, origin: .rescan)
        }
    }

    /// A folder left its tree: stop watching it and forget its files.
    private func dropTree(_ path: WatchPath, root id: Int) {
        for wd in table.removeTree(path, root: id) { inotify_rm_watch(descriptor, wd) }
        roots[id]?.registration.sink(.treeRemoved(path))
    }

    /// Folder MOVED_FROM events whose MOVED_TO never came moved out of every watched tree.
    private func resolveMoves(force: Bool) {
        guard !pendingMoves.isEmpty else { return }
        let now = ContinuousClock.now
        for (cookie, move) in pendingMoves where force || move.since.duration(to: now) >= moveGrace {
            pendingMoves[cookie] = nil
            dropTree(move.path, root: move.root)
        }
    }
}
