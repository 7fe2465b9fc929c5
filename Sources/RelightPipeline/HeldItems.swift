import Synchronization

/// The ids of running items that the provider holds back (out of credits, a refused key). They
/// count as waiting, not in flight, in the status page and `/metrics`.
public final class HeldItems: Sendable {
    private let ids = Mutex<Set<Int64>>([])

    public init() {}

    public var count: Int { ids.withLock { $0.count } }

    func insert(_ id: Int64) { _ = ids.withLock { $0.insert(id) } }

    func remove(_ id: Int64) { _ = ids.withLock { $0.remove(id) } }
}
