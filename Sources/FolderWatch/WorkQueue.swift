#if canImport(Glibc)
import Glibc
#endif

/// A queue between threads: producers append, one dedicated consumer thread waits with a
/// deadline on the monotonic clock.
///
/// `@unchecked Sendable` is safe: every access to `items` and `stopped` happens with `mutex` held,
/// and the pthread objects are allocated once, never moved, and destroyed in `deinit`.
final class WorkQueue<Element: Sendable>: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var items: [Element] = []
    private var stopped = false
    private var poked = false

    init() {
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
    }

    func append(_ item: Element) {
        pthread_mutex_lock(mutex)
        items.append(item)
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
    }

    /// Wakes the consumer without an item (so it recomputes its deadline).
    func poke() {
        pthread_mutex_lock(mutex)
        poked = true
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
    }

    func stop() {
        pthread_mutex_lock(mutex)
        stopped = true
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
    }

    /// Waits until there are items, `stop()` or `poke()` was called, or `deadline` passed; returns what is queued.
    func take(until deadline: ContinuousClock.Instant?) -> (items: [Element], stopped: Bool) {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while items.isEmpty, !stopped, !poked {
            guard let deadline else {
                pthread_cond_wait(condition, mutex)
                continue
            }
            let remaining = ContinuousClock.now.duration(to: deadline)
            if remaining <= .zero { break }
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            let (seconds, attoseconds) = remaining.components
            var nanos = Int(now.tv_nsec) + Int(attoseconds / 1_000_000_000)
            var wholeSeconds = Int(now.tv_sec) + Int(min(seconds, 86_400))
            if nanos >= 1_000_000_000 {
                nanos -= 1_000_000_000
                wholeSeconds += 1
            }
            var until = timespec(tv_sec: wholeSeconds, tv_nsec: nanos)
            pthread_cond_timedwait(condition, mutex, &until)
        }
        poked = false
        let taken = items
        items.removeAll(keepingCapacity: true)
        return (taken, stopped)
    }
}
