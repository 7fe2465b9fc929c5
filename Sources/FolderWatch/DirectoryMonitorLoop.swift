#if canImport(Glibc)
import Glibc
#endif
internal import CInotifyTools

/// The thread of a ``DirectoryMonitor``: its watches and its loop.
///
/// One path can play several parts (the config's folder can be the profiles folder's parent),
/// and the kernel gives one watch per inode, so the watches are kept per path with the union of
/// what each part needs.
///
/// `@unchecked Sendable` is safe: `init` sets the first watches on the caller's thread before the
/// monitor's thread starts; from then on only that thread touches the state.
final class DirectoryMonitorLoop: @unchecked Sendable {
    private struct Watched {
        var wd: Int32?
        /// Targets this path is the folder of.
        var folderOf: [Int] = []
        /// Targets this path is the parent of, by the target folder's name.
        var parentOf: [String: [Int]] = [:]
    }

    private let descriptor: Int32
    private let wake: Int32
    private let targets: [DirectoryMonitor.Target]
    private let onChange: @Sendable () -> Void
    private var paths: [String: Watched] = [:]
    private var pathOf: [Int32: String] = [:]

    init(descriptor: Int32, wake: Int32, targets: [DirectoryMonitor.Target], onChange: @escaping @Sendable () -> Void) {
        self.descriptor = descriptor
        self.wake = wake
        self.targets = targets
        self.onChange = onChange
        for (index, target) in targets.enumerated() {
            paths[target.directory, default: Watched()].folderOf.append(index)
            if target.followsReplacement {
                let parent = Self.parent(of: target.directory)
                if parent != target.directory {
                    paths[parent, default: Watched()].parentOf[Self.name(of: target.directory), default: []].append(index)
                }
            }
        }
        for path in paths.keys { arm(path) }
    }

    func run() {
        let capacity = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
        defer { buffer.deallocate() }
        while true {
            let (events, woken) = withUnsafeTemporaryAllocation(of: pollfd.self, capacity: 2) { fds in
                fds[0] = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                fds[1] = pollfd(fd: wake, events: Int16(POLLIN), revents: 0)
                // No timeout: the thread sleeps until the kernel has events or stop() writes the eventfd.
                _ = poll(fds.baseAddress, 2, -1)
                return (fds[0].revents != 0, fds[1].revents != 0)
            }
            // The eventfd is written only by stop().
            if woken { return }
            guard events else { continue }
            var changed = false
            while true {
                let count = read(descriptor, buffer, capacity)
                guard count > 0 else { break }
                var offset = 0
                while offset + 16 <= count {
                    let wd = buffer.loadUnaligned(fromByteOffset: offset, as: Int32.self)
                    let mask = buffer.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
                    let length = Int(buffer.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                    let name = Self.name(buffer.advanced(by: offset + 16), length: length)
                    if handle(wd: wd, mask: mask, name: name) { changed = true }
                    offset += 16 + length
                }
            }
            if changed { onChange() }
        }
    }

    /// Handles one event; true when the owner should look again.
    private func handle(wd: Int32, mask: UInt32, name: String) -> Bool {
        if mask & InotifyMask.queueOverflow != 0 {
            // Events were lost: check every watch and let the owner look.
            for path in paths.keys { arm(path) }
            return true
        }
        guard let path = pathOf[wd], let watched = paths[path] else { return false }
        if mask & (InotifyMask.ignored | InotifyMask.deleteSelf | InotifyMask.moveSelf) != 0 {
            // The folder itself went away (or was moved: its watch would follow it): watch the path again.
            arm(path)
            return !watched.folderOf.isEmpty
        }
        guard !name.isEmpty else { return false }
        var changed = false
        for index in watched.folderOf {
            let target = targets[index]
            guard target.names?.contains(name) ?? true else { continue }
            if mask & ~InotifyMask.isDirectory == InotifyMask.modify, !target.everyWrite { continue }
            changed = true
        }
        if let replaced = watched.parentOf[name], !replaced.isEmpty {
            // A watched folder was created, removed or renamed over: its contents are new.
            arm(targets[replaced[0]].directory)
            changed = true
        }
        return changed
    }

    /// Watches `path` as it is now; a new inode (a replaced folder) gets a new watch and the old
    /// one is dropped. A path that does not exist has no watch until its parent reports it.
    private func arm(_ path: String) {
        guard var watched = paths[path] else { return }
        let wd = inotify_add_watch(descriptor, path, mask(for: watched))
        if let old = watched.wd, old != wd {
            inotify_rm_watch(descriptor, old)
            pathOf[old] = nil
        }
        watched.wd = wd >= 0 ? wd : nil
        if wd >= 0 { pathOf[wd] = path }
        paths[path] = watched
    }

    private func mask(for watched: Watched) -> UInt32 {
        var mask = InotifyMask.onlyDirectory
        if !watched.parentOf.isEmpty {
            mask |= InotifyMask.create | InotifyMask.delete | InotifyMask.movedFrom | InotifyMask.movedTo
        }
        for index in watched.folderOf {
            mask |= InotifyMask.create | InotifyMask.delete | InotifyMask.movedFrom | InotifyMask.movedTo
                | InotifyMask.closeWrite | InotifyMask.attrib | InotifyMask.deleteSelf | InotifyMask.moveSelf
            if targets[index].everyWrite { mask |= InotifyMask.modify }
        }
        return mask
    }

    /// The name in an event: up to `length` bytes, NUL-padded.
    private static func name(_ bytes: UnsafeMutableRawPointer, length: Int) -> String {
        let base = bytes.assumingMemoryBound(to: UInt8.self)
        var count = 0
        while count < length, base[count] != 0 { count += 1 }
        return String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self)
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func name(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}
