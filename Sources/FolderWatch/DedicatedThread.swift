#if canImport(Glibc)
import Glibc
#endif
internal import CInotifyTools

/// A plain pthread for blocking work (inotify reads, directory scans), kept off Swift's
/// cooperative thread pool.
///
/// `@unchecked Sendable` is safe: `thread` is written once in `start` before the handle is
/// shared, and `join` is called at most once (guarded by `joined` under `lock`).
final class DedicatedThread: @unchecked Sendable {
    private final class Box {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    private var thread = pthread_t()
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var joined = false

    private init() {
        pthread_mutex_init(lock, nil)
    }

    deinit {
        pthread_mutex_destroy(lock)
        lock.deallocate()
    }

    /// Starts `body` on a new thread named `name` (at most 15 bytes are kept).
    static func start(name: String, _ body: @escaping @Sendable () -> Void) -> DedicatedThread {
        let handle = DedicatedThread()
        let box = Unmanaged.passRetained(Box {
            relight_name_thread(String(name.prefix(15)))
            body()
        })
        let rc = pthread_create(&handle.thread, nil, { raw in
            let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
            box.body()
            return nil
        }, box.toOpaque())
        precondition(rc == 0, "pthread_create failed: \(rc)")
        return handle
    }

    /// Waits for the thread to finish (once; later calls return at once).
    func join() {
        pthread_mutex_lock(lock)
        let first = !joined
        joined = true
        pthread_mutex_unlock(lock)
        if first { pthread_join(thread, nil) }
    }
}
