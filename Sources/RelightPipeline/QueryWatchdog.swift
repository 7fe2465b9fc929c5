import Synchronization

/// A query in flight that ``QueryWatchdog`` holds to its deadlines.
protocol WatchedQuery: AnyObject, Sendable {
    /// Ends the query with a timeout if one of its deadlines has passed at `now`; true if it did.
    func expireIfOverdue(at now: ContinuousClock.Instant) -> Bool
}

/// The deadlines of one journal's queries in flight, all checked by one task every ``tick``.
///
/// A timer of its own for every query (a task asleep until the deadline, then cancelled when the
/// answer comes first, as nearly every one does) cost two tasks and a timer per claim, a sixth of
/// a worker's CPU per claim in the claims benchmark. The task runs only while queries are in
/// flight: it ends at the first tick that finds none, and the next query starts it again.
final class QueryWatchdog: Sendable {
    /// How often the deadlines are checked, so how late a timeout may fire: a query is failed
    /// within a tick after its deadline (the deadlines are seconds: ``PostgresJournal/connectTimeout``).
    static let tick: Duration = .milliseconds(250)

    private struct State {
        var watched: [ObjectIdentifier: any WatchedQuery] = [:]
        var running = false
    }

    private let state = Mutex(State())

    /// `operation`'s result, or ``PostgresJournalError`` if it has not called `connected` once
    /// `timeout` has passed, or has not answered `answerTimeout` after that (found within a
    /// ``tick``). The operation runs in a task of its own that is cancelled, not awaited, when the
    /// time is up: a connection request to a pool whose server went away may not end at all, and
    /// the caller (the heartbeat, a shutdown) must not hang with it.
    func answer<Value: Sendable>(
        connectingWithin timeout: Duration, answeringWithin answerTimeout: Duration,
        _ operation: @escaping @Sendable (_ connected: @escaping @Sendable () -> Void) async throws -> Value
    ) async throws -> Value {
        let race = AnswerRace<Value>(timeout: timeout, answerTimeout: answerTimeout, watchdog: self)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                race.start(continuation: continuation, operation: operation)
            }
        } onCancel: {
            race.finish(.failure(CancellationError()))
        }
    }

    /// Holds `query` to its deadlines until ``unwatch(_:)``.
    func watch(_ query: any WatchedQuery) {
        let start = state.withLock { state -> Bool in
            state.watched[ObjectIdentifier(query)] = query
            if state.running { return false }
            state.running = true
            return true
        }
        if start { Task.detached { await self.run() } }
    }

    /// Stops watching `query`, which has ended.
    func unwatch(_ query: any WatchedQuery) {
        _ = state.withLock { $0.watched.removeValue(forKey: ObjectIdentifier(query)) }
    }

    /// How many queries are watched now, and whether the task that checks them runs (for the tests).
    var watching: (count: Int, running: Bool) { state.withLock { ($0.watched.count, $0.running) } }

    private func run() async {
        while true {
            try? await Task.sleep(for: Self.tick)
            let watched = state.withLock { state -> [any WatchedQuery]? in
                if state.watched.isEmpty {
                    state.running = false
                    return nil
                }
                return Array(state.watched.values)
            }
            guard let watched else { return }
            // Outside the lock: an expired query resumes its caller and unwatches itself.
            let now = ContinuousClock.now
            for query in watched where query.expireIfOverdue(at: now) {
                unwatch(query)
            }
        }
    }
}
