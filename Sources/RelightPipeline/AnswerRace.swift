import Synchronization

/// One query against its deadlines: whichever ends first, the answer or a deadline that
/// ``QueryWatchdog`` finds passed, resumes the caller, once.
///
/// The deadlines: connected (`connected` called) within `timeout` of the start, and answered
/// within `answerTimeout` after that.
final class AnswerRace<Value: Sendable>: WatchedQuery {
    private struct State {
        var continuation: CheckedContinuation<Value, any Error>?
        var finished = false
        var work: Task<Void, Never>?
    }

    private let state = Mutex(State())
    private let connected = Atomic(false)
    private let timeout: Duration
    private let answerTimeout: Duration
    private let connectBy: ContinuousClock.Instant
    private let watchdog: QueryWatchdog

    init(timeout: Duration, answerTimeout: Duration, watchdog: QueryWatchdog) {
        self.timeout = timeout
        self.answerTimeout = answerTimeout
        self.watchdog = watchdog
        connectBy = .now + timeout
    }

    func start(
        continuation: CheckedContinuation<Value, any Error>,
        operation: @escaping @Sendable (_ connected: @escaping @Sendable () -> Void) async throws -> Value
    ) {
        let alreadyFinished = state.withLock { state -> Bool in
            if state.finished { return true }
            state.continuation = continuation
            return false
        }
        if alreadyFinished {
            continuation.resume(throwing: CancellationError())
            return
        }
        watchdog.watch(self)
        let work = Task {
            do {
                let value = try await operation { self.connected.store(true, ordering: .relaxed) }
                self.finish(.success(value))
            } catch {
                self.finish(.failure(error))
            }
        }
        // A race finished meanwhile (cancelled, or expired) cancels the work itself: it was not here to cancel.
        let cancel = state.withLock { state -> Bool in
            if state.finished { return true }
            state.work = work
            return false
        }
        if cancel { work.cancel() }
    }

    func expireIfOverdue(at now: ContinuousClock.Instant) -> Bool {
        guard now >= connectBy else { return false }
        if !connected.load(ordering: .relaxed) {
            finish(.failure(PostgresJournalError("no connection within \(timeout.components.seconds) s")))
            return true
        }
        guard now >= connectBy + answerTimeout else { return false }
        finish(.failure(PostgresJournalError("no answer within \(answerTimeout.components.seconds) s of connecting")))
        return true
    }

    func finish(_ result: Result<Value, any Error>) {
        let (continuation, work) = state.withLock { state -> (CheckedContinuation<Value, any Error>?, Task<Void, Never>?) in
            if state.finished { return (nil, nil) }
            state.finished = true
            defer { state.continuation = nil }
            return (state.continuation, state.work)
        }
        guard let continuation else { return }
        watchdog.unwatch(self)
        if case .failure = result { work?.cancel() }
        continuation.resume(with: result)
    }
}
