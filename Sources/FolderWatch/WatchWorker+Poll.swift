#if canImport(Glibc)
import Glibc
#endif
import Logging
import RelightConfig

extension WatchWorker {
    /// One poll scan: lists the tree and treats every file whose size or mtime differs from the
    /// last scan as touched. Contents are never read here.
    func pollScan(_ root: inout WatchedRoot) {
        let now = ContinuousClock.now
        let interval = max(root.entry.pollInterval, .milliseconds(10))
        root.nextPoll = now.advanced(by: interval)
        let path = root.path
        var info = stat()
        guard path.withCString({ lstat($0, &info) }) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            if root.available {
                root.available = false
                let reason = "\(path) does not exist or is not a folder; it is checked again at every poll"
                logger.warning("watched folder is unavailable: \(reason)", metadata: ["watch.root": "\(path)"])
                continuation.yield(.rootUnavailable(root: path, reason: reason))
            }
            if !root.readyReported {
                root.readyReported = true
                continuation.yield(.ready(root: path, mode: .poll(root.pollReason)))
            }
            return
        }
        if !root.available {
            root.available = true
            logger.info("watched folder is back", metadata: ["watch.root": "\(path)"])
            continuation.yield(.rootRestored(root: path))
        }
        let origin: DetectionOrigin = root.readyReported ? .poll : .startupScan
        let found = scanTree(&root)
        var previous = root.pollKnown
        root.pollKnown = [:]
        for (file, stamp) in found {
            if previous.removeValue(forKey: file) != stamp {
                if let settled = root.settle.touched(file, stamp: stamp, origin: origin, now: now) {
                    finish(settled, root)
                }
            }
        }
        root.pollKnown = found
        for gone in previous.keys { root.settle.forget(gone) }
        if !root.readyReported {
            root.readyReported = true
            continuation.yield(.ready(root: path, mode: .poll(root.pollReason)))
        }
    }

    /// Every regular file in the tree that the ignore rules let through, with its stamp.
    private func scanTree(_ root: inout WatchedRoot) -> [WatchPath: FileStamp] {
        var found: [WatchPath: FileStamp] = [:]
        var stack = [root.path]
        let reader = FolderReader()
        while let folder = stack.popLast() {
            let listing: DirectoryListing
            do {
                listing = try DirectoryListing.read(folder, stamps: true, reader: reader)
            } catch {
                if error.code != ENOENT, !root.unreadableReported.contains(folder) {
                    root.unreadableReported.insert(folder)
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
                }
            }
        }
        return found
    }
}
