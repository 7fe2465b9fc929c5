import Logging
import Relighting

/// Runs a call under a ``RetryStateMachine``, sleeping on the given clock. The policy stays in the machine.
struct Retrier: Sendable {
    var configuration: RetryStateMachine.Configuration
    var clock: any Clock<Duration> = ContinuousClock()
    var random: @Sendable () -> Double = { Double.random(in: 0..<1) }
    var gate: SubmissionGate?
    /// Called before each probe while submission is held on a refused key (the provider reads the
    /// key file again there), and before a refused call without a gate is given up.
    var refreshKey: (@Sendable () -> Void)?
    var logger: Logger
    /// Told when a call waits for the gate (with the reason) and when it goes on again (nil).
    var onHold: (@Sendable (String?) async -> Void)?

    func run<T: Sendable>(
        _ what: String,
        metadata: Logger.Metadata = [:],
        _ operation: () async throws(PixelDojoError) -> T
    ) async throws(PixelDojoError) -> T {
        // This call's tries, as the gate knows them: after a 402 or 401 the refused call probes for all.
        let probe = SubmissionGate.ProbeID()
        do {
            return try await tries(what, metadata: metadata, probe: probe, operation)
        } catch {
            // Given up (failed, cancelled): if it was the probe, the next waiting call probes at once.
            await gate?.resign(probe)
            throw error
        }
    }

    private func tries<T: Sendable>(
        _ what: String,
        metadata: Logger.Metadata,
        probe: SubmissionGate.ProbeID,
        _ operation: () async throws(PixelDojoError) -> T
    ) async throws(PixelDojoError) -> T {
        var machine = RetryStateMachine(configuration: configuration)
        let start = ContinuousClock.now
        var keyRefused = false
        while true {
            if let gate {
                let pause = onHold == nil ? nil : await gate.currentPause()
                if let pause { await onHold?(pause.reason) }
                if try await gate.waitUntilOpen(probe: probe) { keyRefused = true }
                if pause != nil { await onHold?(nil) }
            }
            if keyRefused { refreshKey?() }
            do {
                let value = try await operation()
                switch await gate?.reopening() {
                case .paused?: logger.notice("credits are back; submission resumed", metadata: metadata)
                case .held?: logger.notice("the API key is accepted again; submission resumed", metadata: metadata)
                case .open?, nil: break
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
                    // The refused submit checks again now and then (the others wait for its answer); only the first says so at warning level.
                    let first = await gate?.pause(for: delay, by: probe) ?? true
                    logger.log(
                        level: first ? .warning : .debug, "out of credits; submission paused",
                        metadata: metadata.merging(["retry.in": "\(delay)"]) { $1 })
                    if gate == nil { try await sleep(delay) }
                case .holdSubmission(let error, let delay):
                    guard let gate else {
                        // Not a submission (a poll or a download): the caller pauses the item; the
                        // next try uses the key as read now.
                        refreshKey?()
                        throw error
                    }
                    // The refused submit probes now and then (the others wait for its answer); only the first says so, loudly.
                    let first = await gate.hold(error, for: delay, by: probe)
                    logger.log(
                        level: first ? .critical : .debug, "submission held: \(error.message)",
                        metadata: metadata.merging(["retry.in": "\(delay)"]) { $1 })
                    keyRefused = true
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
