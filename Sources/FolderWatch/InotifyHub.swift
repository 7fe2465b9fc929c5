#if canImport(Glibc)
import Glibc
#endif
internal import CInotifyTools

/// Whether inotify can be used in this process.
public enum InotifyAvailability: Sendable, Equatable {
    case available
    /// Why not; watchers poll instead.
    case unavailable(String)
}

/// The process's one libinotifytools instance and the dedicated thread that owns it.
///
/// libinotifytools keeps all its state in globals and is not thread-safe, so exactly one thread
/// (started here, named `relight-inotify`) ever calls into it. Every watcher in the process
/// registers its folders with this hub and receives its events through a sink.
///
/// `@unchecked Sendable` is safe: the only stored properties are the immutable descriptors and
/// the `WorkQueue` (itself locked); all library state is touched only on the hub thread.
final class InotifyHub: TaskExecutor, @unchecked Sendable {
    enum Command {
        case add(RootRegistration)
        case remove(Int, done: WorkQueue<Bool>)
        case simulateOverflow(Int, dropping: Int)
    }

    /// The inotify descriptor libinotifytools opened (found in /proc/self/fd: the library has no getter).
    let descriptor: Int32
    private let wake: Int32
    private let commands: WorkQueue<Command>
    private let jobs: HubJobs

    private init(descriptor: Int32, wake: Int32, commands: WorkQueue<Command>, jobs: HubJobs) {
        self.descriptor = descriptor
        self.wake = wake
        self.commands = commands
        self.jobs = jobs
        jobs.attach(asUnownedTaskExecutor())
    }

    /// Runs a task's job on the inotify thread, right after the events it is waiting for.
    func enqueue(_ job: consuming ExecutorJob) {
        guard jobs.append(UnownedJob(job)) else { return }
        var one: UInt64 = 1
        _ = write(wake, &one, 8)
    }

    /// Initialised on first use; `FolderWatch.initializeInotify()` forces that early.
    static let shared: Result<InotifyHub, InotifyUnavailable> = start()

    static var availability: InotifyAvailability {
        switch shared {
        case .success: .available
        case .failure(let error): .unavailable(error.message)
        }
    }

    func send(_ command: Command) {
        commands.append(command)
        var one: UInt64 = 1
        _ = write(wake, &one, 8)
    }

    /// libinotifytools waits with select(2), which aborts the process for descriptors at or
    /// above FD_SETSIZE (1024). Such a descriptor must never reach the library.
    static func isSelectSafe(_ fd: Int32) -> Bool { fd >= 0 && fd < 1024 }

    private static func start() -> Result<InotifyHub, InotifyUnavailable> {
        // Probe the lowest free descriptor: inotify_init() will get it.
        let probe = open("/dev/null", O_RDONLY | O_CLOEXEC)
        if probe >= 0 { close(probe) }
        guard isSelectSafe(probe) else {
            return .failure(InotifyUnavailable(message: "the process already has \(probe) descriptors open and libinotifytools cannot use a descriptor at or above 1024; call FolderWatch.initializeInotify() first thing at start-up"))
        }
        let handshake = WorkQueue<Result<(Int32, Int32), InotifyUnavailable>>()
        let commands = WorkQueue<Command>()
        let jobs = HubJobs()
        let thread = DedicatedThread.start(name: "relight-inotify") {
            let before = inotifyDescriptors()
            guard inotifytools_initialize() != 0 else {
                handshake.append(.failure(InotifyUnavailable(message: "inotify could not be initialised: \(String(cString: strerror(inotifytools_error()))); raise fs.inotify.max_user_instances if it is exhausted")))
                return
            }
            guard let fd = inotifyDescriptors().subtracting(before).first, isSelectSafe(fd) else {
                inotifytools_cleanup()
                handshake.append(.failure(InotifyUnavailable(message: "the inotify descriptor could not be found in /proc/self/fd or is at or above 1024")))
                return
            }
            // The library opens its descriptor without close-on-exec.
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            let wake = eventfd(0, Int32(EFD_CLOEXEC | EFD_NONBLOCK))
            guard wake >= 0 else {
                inotifytools_cleanup()
                handshake.append(.failure(InotifyUnavailable(message: "eventfd failed: \(String(cString: strerror(errno)))")))
                return
            }
            handshake.append(.success((fd, wake)))
            HubLoop(descriptor: fd, wake: wake, commands: commands, jobs: jobs).run()
        }
        // The hub lives as long as the process: the thread is never joined.
        _ = thread
        let result = handshake.take(until: nil).items.first!
        switch result {
        case .failure(let error):
            return .failure(error)
        case .success(let (fd, wake)):
            return .success(InotifyHub(descriptor: fd, wake: wake, commands: commands, jobs: jobs))
        }
    }

    /// The inotify descriptors this process holds.
    private static func inotifyDescriptors() -> Set<Int32> {
        guard let directory = opendir("/proc/self/fd") else { return [] }
        defer { closedir(directory) }
        var found: Set<Int32> = []
        var target = [CChar](repeating: 0, count: 64)
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            guard let fd = Int32(name) else { continue }
            let count = readlink("/proc/self/fd/\(name)", &target, 63)
            guard count > 0 else { continue }
            let link = String(decoding: target[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if link == "anon_inode:inotify" { found.insert(fd) }
        }
        return found
    }
}

/// inotify cannot be used; the message says why and what to do.
struct InotifyUnavailable: Error {
    var message: String
}
