/// Mutual exclusion per path inside an actor's state, which is what keeps its bookkeeping safe across
/// the actor's suspension points:
///
///     if !lock.tryAcquire(path) { await withCheckedContinuation { lock.wait(for: path, $0) } }
///     defer { lock.release(path) }
///
/// `release` hands the path to the next waiter in order.
struct PathLock {
    private var held: [String: [CheckedContinuation<Void, Never>]] = [:]

    /// Takes `path` if it is free.
    mutating func tryAcquire(_ path: String) -> Bool {
        guard held[path] == nil else { return false }
        held[path] = []
        return true
    }

    /// Queues `waiter` for `path` (held by someone else): it is resumed holding the path.
    mutating func wait(for path: String, _ waiter: CheckedContinuation<Void, Never>) {
        held[path, default: []].append(waiter)
    }

    /// Gives `path` to the next waiter, or frees it.
    mutating func release(_ path: String) {
        guard var waiters = held[path], !waiters.isEmpty else {
            held[path] = nil
            return
        }
        let next = waiters.removeFirst()
        held[path] = waiters
        next.resume()
    }
}
