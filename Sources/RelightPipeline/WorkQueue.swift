import Foundation

/// Queued item ids, one FIFO per watched folder, served round-robin so a busy folder cannot
/// starve a quiet one. Within a folder, items go in order of arrival.
struct WorkQueue {
    private var lanes: [String: [Int64]] = [:]
    private var order: [String] = []
    private var next = 0
    private(set) var members: Set<Int64> = []
    /// Items that must wait until a time (backoff after a transient error).
    private var notBefore: [Int64: Date] = [:]

    var count: Int { members.count }
    var isEmpty: Bool { members.isEmpty }

    mutating func push(_ id: Int64, lane: String, notBefore date: Date? = nil) {
        guard !members.contains(id) else {
            // Queued already: it may only start sooner (a run asked for again drops its backoff).
            if let waiting = notBefore[id], date ?? .distantPast < waiting { notBefore[id] = date }
            return
        }
        if lanes[lane] == nil {
            lanes[lane] = []
            order.append(lane)
        }
        lanes[lane]!.append(id)
        members.insert(id)
        if let date { notBefore[id] = date }
    }

    /// Takes an item out of the queue (another path claimed it).
    mutating func remove(_ id: Int64) {
        guard members.remove(id) != nil else { return }
        for (lane, ids) in lanes where ids.contains(id) { lanes[lane] = ids.filter { $0 != id } }
        notBefore[id] = nil
    }

    /// The next item that may start at `now`, taking lanes in turn.
    mutating func pop(now: Date) -> Int64? {
        guard !order.isEmpty else { return nil }
        for offset in 0..<order.count {
            let lane = order[(next + offset) % order.count]
            guard let index = lanes[lane]?.firstIndex(where: { (notBefore[$0] ?? .distantPast) <= now }) else { continue }
            let id = lanes[lane]!.remove(at: index)
            members.remove(id)
            notBefore[id] = nil
            next = (next + offset + 1) % order.count
            return id
        }
        return nil
    }

    /// The earliest time after `now` at which a waiting item becomes ready.
    func earliestWake(after now: Date) -> Date? { notBefore.values.filter { $0 > now }.min() }
}
