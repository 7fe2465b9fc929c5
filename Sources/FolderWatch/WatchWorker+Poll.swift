#if canImport(Glibc)
import Glibc
#endif
import Logging
import RelightConfig

extension WatchWorker {
    /// One poll scan: lists the tree and treats every file whose size or mtime differs from the
    /// last scan as touched. Contents are never read here.
    func pollScan(_ index: Int) {
        let now = ContinuousClock.now
        let interval = max(roots[index].entry.pollInterval, .milliseconds(10))
        roots[index].nextPoll = now.advanced(by: interval)
        let path = roots[index].path
        var info = stat()
        guard path.withCString({ lstat($0, &info) }) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            if roots[index].available {
                roots[index].available = false
                let reason = "\(path) does not exist or is not a folder; it is checked again at every poll"
                logger.warning("watched folder is unavailable: \(reason)", metadata: ["watch.root": "\(path)"])
                continuation.yield(.rootUnavailable(root: path, reason: reason))
            }
            if !roots[index].readyReported {
                roots[index].readyReported = true
                continuation.yield(.ready(root: path, mode: .poll(roots[index].pollReason)))
            }
            return
        }
        if !roots[index].available {
            roots[index].available = true
            logger.info("watched folder is back", metadata: ["watch.root": "\(path)"])
            continuation.yield(.rootRestored(root: path))
        }
        let origin: DetectionOrigin = roots[index].readyReported ? .poll : .startupScan
        let found = scanTree(roots[index])
        var previous = roots[index].pollKnown
        roots[index].pollKnown = [:]
        for (file, stamp) in found {
            if previous.removeValue(forKey: file) != stamp {
                if let settled = roots[index].settle.touched(file, stamp: stamp, origin: origin, now: now) {
                    finish(settled, index)
                }
            }
        }
        roots[index].pollKnown = found
        for gone in previous.keys { roots[index].settle.forget(gone) }
        if !roots[index].readyReported {
            roots[index].readyReported = true
            continuation.yield(.ready(root: path, mode: .poll(roots[index].pollReason)))
        }
    }

    /// Every regular file in the tree that the ignore rules let through, with its stamp.
    private func scanTree(_ root: WatchedRoot) -> [WatchPath: FileStamp] {
        var found: [WatchPath: FileStamp] = [:]
        var stack = [root.path]
        while let folder = stack.popLast() {
            let listing: DirectoryListing
            do {
                listing = try DirectoryListing.read(folder, stamps: true)
            } catch {
                if error.code != ENOENT, !roots[root.index].unreadableReported.contains(folder) {
                    roots[root.index].unreadableReported.insert(folder)
                    logger.warning("cannot list a folder: \(error.description)", metadata: ["watch.root": "\(root.path)", "folder": "\(folder)"])
                }
                continue
            }
            for entry in listing.entries {
                let path = folder.appending(entry.name)
                switch entry.kind {
                case .directory:
                    if root.entry.recursive, !root.rules.ignoresEntry(name: entry.name, path: path, root: root.path, isFile: false) {
                        stack.append(path)
                    }
                case .file:
                    if let stamp = entry.stamp, !root.rules.ignoresEntry(name: entry.name, path: path, root: root.path, isFile: true) {
                        found[path] = stamp
                    }
                case .other:
                    break
                }
            }
        }
        return found
    }
}
