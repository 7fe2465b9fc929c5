#if canImport(Glibc)
import Glibc
#endif
internal import CInotifyTools

extension HubLoop {
    /// Watches `start` and every folder below it, listing each folder after its watch is in place,
    /// and reports the files found with `origin`.
    ///
    /// Per folder: `inotify_add_watch`, `open`, `getdents64` until it returns 0, `close`; entry
    /// types come from `d_type`, and ignore rules are checked on each new name only (the folders
    /// above it have passed already).
    func watchTree(_ start: WatchPath, root id: Int, origin: DetectionOrigin) {
        guard let registration = roots[id]?.registration else { return }
        let rules = registration.rules
        if start != registration.path, rules.ignoresFolder(start, root: registration.path) { return }
        let checksPaths = rules.checksPaths
        let reader = FolderReader()
        var stack = [start]
        while let folder = stack.popLast() {
            switch addWatch(folder, registration) {
            case .added: break
            case .skipped: continue
            case .stopped: return
            }
            let code = reader.forEachEntry(in: folder) { entry in
                switch entry.kind {
                case .directory:
                    guard registration.recursive, !IgnoreRules.builtIn(entry.name) else { return }
                    let path = folder.appending(entry.name)
                    if checksPaths, rules.ignoresEntry(name: Array(entry.name), path: path, root: registration.path, isFile: false) { return }
                    stack.append(path)
                case .file:
                    registration.sink(.touched(folder.appending(entry.name), origin))
                }
            }
            if code != 0, code != ENOENT { registration.sink(.unreadable(folder, String(cString: strerror(code)))) }
        }
    }

    /// After lost events: list the whole tree again. Watches that exist are kept (the kernel
    /// returns the same descriptor); those of folders no longer there are dropped.
    func rescan(_ id: Int) {
        guard let registration = roots[id]?.registration else { return }
        let before = Set(table.descriptors(of: id))
        watchTree(registration.path, root: id, origin: .rescan)
        guard roots[id]?.status == .watching else { return }
        var alive: Set<Int32> = []
        for wd in table.descriptors(of: id) {
            if let node = table.node(wd), isDirectory(node.path) { alive.insert(wd) }
        }
        for wd in before.subtracting(alive) where table.node(wd) != nil {
            table.remove(wd)
            inotify_rm_watch(descriptor, wd)
        }
    }

    enum WatchOutcome { case added, skipped, stopped }

    /// Adds one watch. On ENOSPC the whole tree falls back to polling, and when the watched folder
    /// itself is missing it is marked gone: both stop the walk.
    private func addWatch(_ folder: WatchPath, _ registration: RootRegistration) -> WatchOutcome {
        let id = registration.id
        var wd: Int32 = -1
        var code: Int32 = 0
        if let limit = registration.watchLimit, table.descriptors(of: id).count >= limit {
            code = ENOSPC
        } else {
            wd = folder.withCString { inotify_add_watch(descriptor, $0, InotifyMask.folderWatch) }
            if wd < 0 { code = errno }
        }
        if wd >= 0 {
            table.insert(wd, root: id, path: folder)
            return .added
        }
        switch code {
        case ENOSPC:
            fallBackToPolling(id)
            return .stopped
        case ENOENT, ENOTDIR:
            guard folder == registration.path else { return .skipped }
            markGone(id, reason: "\(folder) disappeared; it is watched again as soon as it is back")
            return .stopped
        default:
            registration.sink(.unreadable(folder, String(cString: strerror(code))))
            return .skipped
        }
    }

    private func fallBackToPolling(_ id: Int) {
        guard let root = roots[id], root.status == .watching else { return }
        for wd in table.descriptors(of: id) {
            table.remove(wd)
            inotify_rm_watch(descriptor, wd)
        }
        roots[id]?.status = .polling
        let limit = inotifytools_get_max_user_watches()
        root.registration.sink(.fallBackToPolling(
            "the kernel ran out of inotify watches (fs.inotify.max_user_watches = \(limit)) while watching \(root.registration.path); polling it instead. Raise the limit, e.g. `sysctl fs.inotify.max_user_watches=524288` (and in /etc/sysctl.d/), then restart relight"
        ))
    }

    func markGone(_ id: Int, reason: String) {
        guard let root = roots[id], root.status == .watching else { return }
        for wd in table.descriptors(of: id) {
            table.remove(wd)
            inotify_rm_watch(descriptor, wd)
        }
        pendingMoves = pendingMoves.filter { $0.value.root != id }
        roots[id]?.status = .gone
        roots[id]?.nextRearm = ContinuousClock.now.advanced(by: root.registration.rearmInterval)
        root.registration.sink(.rootGone(reason))
    }

    /// Watched folders that went away are checked every `rearmInterval` and watched again when back.
    func rearmGoneRoots() {
        let now = ContinuousClock.now
        for (id, root) in roots where root.status == .gone && root.nextRearm <= now {
            guard isDirectory(root.registration.path) else {
                roots[id]?.nextRearm = now.advanced(by: root.registration.rearmInterval)
                continue
            }
            roots[id]?.status = .watching
            root.registration.sink(.rootRestored)
            watchTree(root.registration.path, root: id, origin: .rescan)
        }
    }

    func isDirectory(_ path: WatchPath) -> Bool {
        var info = stat()
        return path.withCString { lstat($0, &info) } == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
