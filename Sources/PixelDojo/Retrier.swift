import Logging
import Relighting

/// Runs a call under a ``RetryStateMachine``, sleeping on the given clock. The policy stays in the machine.
struct Retrier: Sendable {
    var configuration: RetryStateMachine.Configuration
    var clock: any Clock<Duration> = ContinuousClock()
    var random: @Sendable () -> Double = { Double.random(in: 0..<1) }
    var gate: SubmissionGate?
    var logger: Logger
    /// Told when a call waits for the gate (with the reason) and when it goes on again (nil).
    var onHold: (@Sendable (String?) async -> Void)?

    func run<T: Sendable>(
        _ what: String,
        metadata: Logger.Metadata = [:],
        _ operation: () async throws(PixelDojoError) -> T
    ) async throws(PixelDojoError) -> T {
        var machine = RetryStateMachine(configuration: configuration)
        let start = ContinuousClock.now
        while true {
            if let gate {
                let pause = onHold == nil ? nil : await gate.currentPause()
                if let pause { await onHold?(pause.reason) }
                try await gate.waitUntilOpen()
                if pause != nil { await onHold?(nil) }
            }
            do {
                let value = try await operation()
                if let gate, await gate.reopen() {
                    logger.notice("credits are back; submission resumed", metadata: metadata)
                }
                return value
            } catch {
                try Task.checkCancellation(or: error)
                let action = machine.next(after: error, now: ContinuousClock.now - start, random: random)
                switch action {
                case .retry(let delay):
                    logger.notice("\(what) failed; retrying", metadata: metadata.merging(["error": "\(error.message)", "retry.in": "\(delay)"]) { $1 })
                    try await sleep(delay)
                case .pauseForCredits(let delay):
                    // Every waiting item checks again now and then; only the first says so at warning level.
                    let first = await gate?.pause(for: delay) ?? true
                    logger.log(
                        level: first ? .warning : .debug, "out of credits; submission paused",
                        metadata: metadata.merging(["retry.in": "\(delay)"]) { $1 })
                    if gate == nil { try await sleep(delay) }
                case .stopSubmission(let error):
                    logger.critical("the cloud API refused the API key; all submission stopped", metadata: metadata)
                    if let gate { await gate.stop(error) }
                    throw error
                case .fail(let error):
                    throw error
                }
            }
        }
    }

    private func sleep(_ delay: Duration) async throws(PixelDojoError) {
        do { try await clock.sleep(for: delay, tolerance: nil) } catch {
            throw PixelDojoError(.network, "Cancelled while waiting to retry.")
        }
    }
}

extension Task where Success == Never, Failure == Never {
    /// Rethrows `error` as is, or a cancellation error when the task was cancelled.
    static func checkCancellation(or error: PixelDojoError) throws(PixelDojoError) {
        if Task.isCancelled { throw PixelDojoError(.network, "Cancelled: \(error.message)") }
    }
}
