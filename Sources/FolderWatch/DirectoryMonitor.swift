#if canImport(Glibc)
import Glibc
#endif
internal import CInotifyTools
import Synchronization

/// Wakes its owner when entries change in a few folders: relight.yaml's folder, the profiles
/// folder, the journal's folder. Between changes its thread sleeps in poll(2) with no timeout,
/// so an idle process does not wake for it.
///
/// It uses Glibc's inotify calls on its own descriptor and thread, not libinotifytools, whose
/// global state belongs to the folder watcher's thread (see ``InotifyHub``). Its descriptor is
/// only ever waited on with poll(2), so unlike the library's it may be 1024 or higher.
///
/// Editors save by writing a new file and renaming it over the old one: that is a move into the
/// folder, which is watched rather than the file. A target that ``Target/followsReplacement``
/// also has its parent watched for its own name, so a folder replaced by a rename (or removed and
/// created again) is watched again in its new form.
///
/// ```swift
/// let monitor = try DirectoryMonitor.start([.init(directory: "/etc/relight", names: ["relight.yaml"])]) {
///     continuation.yield()   // on the monitor's thread: keep it short
/// }.get()
/// ```
public final class DirectoryMonitor: Sendable {
    /// One folder to watch.
    public struct Target: Sendable, Hashable {
        public var directory: String
        /// Names of the entries that matter; nil for every entry.
        public var names: Set<String>?
        /// Also report each write to a matching file (IN_MODIFY), not only its close after writing:
        /// for files that stay open, such as SQLite's write-ahead log.
        public var everyWrite: Bool
        /// Watch the folder's parent too, so that the folder replaced by a rename is followed.
        public var followsReplacement: Bool

        /// - Parameter directory: an absolute path.
        public init(directory: String, names: Set<String>? = nil, everyWrite: Bool = false, followsReplacement: Bool = false) {
            var directory = directory
            while directory.count > 1, directory.hasSuffix("/") { directory.removeLast() }
            self.directory = directory
            self.names = names
            self.everyWrite = everyWrite
            self.followsReplacement = followsReplacement
        }
    }

    /// Why the folders cannot be monitored; the owner should poll instead.
    public struct Unavailable: Error, Sendable, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    private let wake: Int32
    private let descriptor: Int32
    private let thread: DedicatedThread
    private let stopped = Mutex(false)

    private init(descriptor: Int32, wake: Int32, thread: DedicatedThread) {
        self.descriptor = descriptor
        self.wake = wake
        self.thread = thread
    }

    deinit { stop() }

    /// Starts watching `targets`; `onChange` is called on the monitor's thread after each batch
    /// of events that touched a matching entry (or replaced a watched folder).
    ///
    /// Fails when inotify cannot be used, or when a folder lies on a network or FUSE mount, where
    /// inotify misses changes made on other machines.
    public static func start(
        _ targets: [Target], name: String = "relight-monitor", onChange: @escaping @Sendable () -> Void
    ) -> Result<DirectoryMonitor, Unavailable> {
        for target in targets {
            if let remote = FileSystemKind.remoteName(of: WatchPath(existingAncestor(of: target.directory))) {
                return .failure(Unavailable(reason: "\(target.directory) is on \(remote), where inotify misses changes made on other machines"))
            }
        }
        let fd = inotify_init1(Int32(IN_CLOEXEC) | Int32(IN_NONBLOCK))
        guard fd >= 0 else {
            return .failure(Unavailable(reason: "inotify could not be initialised: \(String(cString: strerror(errno))); raise fs.inotify.max_user_instances if it is exhausted"))
        }
        let wake = eventfd(0, Int32(EFD_CLOEXEC | EFD_NONBLOCK))
        guard wake >= 0 else {
            close(fd)
            return .failure(Unavailable(reason: "eventfd failed: \(String(cString: strerror(errno)))"))
        }
        // The first watches are in place before start returns: a change right after it is seen.
        let loop = DirectoryMonitorLoop(descriptor: fd, wake: wake, targets: targets, onChange: onChange)
        let thread = DedicatedThread.start(name: name) { loop.run() }
        return .success(DirectoryMonitor(descriptor: fd, wake: wake, thread: thread))
    }

    /// Stops the thread and closes the descriptors. Safe to call more than once; never call it
    /// from `onChange`, which runs on the thread it waits for.
    public func stop() {
        let first = stopped.withLock { stopped in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        var one: UInt64 = 1
        _ = write(wake, &one, 8)
        thread.join()
        close(descriptor)
        close(wake)
    }

    /// `path`, or its nearest ancestor that exists (a folder that is not there yet is still
    /// on its parent's file system).
    static func existingAncestor(of path: String) -> String {
        var current = path
        while !current.isEmpty, current != "/", access(current, F_OK) != 0 {
            let parent = DirectoryMonitorLoop.parent(of: current)
            if parent == current { break }
            current = parent
        }
        return current.isEmpty ? "/" : current
    }
}
