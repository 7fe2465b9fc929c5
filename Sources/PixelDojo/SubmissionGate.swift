import Foundation
import Relighting

/// Shared by every submission of one provider: closed for good after a 401, paused after a 402.
///
/// SPEC.md: 401 stops all submission and says so loudly (work stays queued); 402 pauses submission
/// until credits return. The gate holds that state so one item's answer holds back all the others.
public actor SubmissionGate {
    public enum State: Sendable, Hashable {
        case open
        case paused(until: ContinuousClock.Instant)
        case stopped(PixelDojoError)
    }

    public private(set) var state: State = .open
    private let clock = ContinuousClock()

    public init() {}

    /// Waits while paused; throws the stored error once stopped.
    public func waitUntilOpen() async throws(PixelDojoError) {
        while true {
            switch state {
            case .open:
                return
            case .stopped(let error):
                throw error
            case .paused(let until):
                if clock.now >= until { return }
                do { try await clock.sleep(until: until, tolerance: nil) } catch {
                    throw PixelDojoError(.network, "Cancelled while submission was paused for credits.")
                }
            }
        }
    }

    public func stop(_ error: PixelDojoError) {
        state = .stopped(error)
    }

    /// Holds submission back for `delay`; a longer pause already in force is kept.
    /// Returns true when this starts a pause (the gate was open), so it is announced once.
    @discardableResult
    public func pause(for delay: Duration) -> Bool {
        let until = clock.now + delay
        switch state {
        case .stopped:
            return false
        case .paused(let current):
            if current < until { state = .paused(until: until) }
            return false
        case .open:
            state = .paused(until: until)
            return true
        }
    }

    /// A submit went through: credits are back. Returns true when this ends a pause.
    @discardableResult
    public func reopen() -> Bool {
        guard case .paused = state else { return false }
        state = .open
        return true
    }
}

extension SubmissionGate {
    /// The gate's state for an operator: nil while open.
    public func currentPause() -> ProviderPause? {
        switch state {
        case .open:
            return nil
        case .stopped(let error):
            return ProviderPause(reason: error.kind == .unauthorized ? PixelDojoError.unauthorizedAdvice : error.message)
        case .paused(let until):
            // Past its end the pause lasts until a submit goes through (reopen()): the check
            // under way may well meet another 402, and health must not flicker meanwhile.
            let left = clock.now.duration(to: until)
            let seconds = Double(left.components.seconds) + Double(left.components.attoseconds) / 1e18
            return ProviderPause(reason: PixelDojoError.insufficientCreditsAdvice, until: left > .zero ? Date().addingTimeInterval(seconds) : nil)
        }
    }
}
