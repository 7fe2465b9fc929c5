import Foundation
import Relighting

/// Shared by every submission of one provider: held after a 401, paused after a 402.
///
/// SPEC.md: 401 stops all submission and says so loudly (work stays queued); 402 pauses submission
/// until credits return. The gate holds that state so one item's answer holds back all the others.
/// Neither is for good: once the wait is over, the next submit is the probe, and the first that goes
/// through reopens the gate (after a 401, with the key read again when it comes from a file).
public actor SubmissionGate {
    public enum State: Sendable, Hashable {
        case open
        /// 402: out of credits; probe again from `until`.
        case paused(until: ContinuousClock.Instant)
        /// 401: the key was refused; probe again from `until`.
        case held(PixelDojoError, until: ContinuousClock.Instant)
    }

    public private(set) var state: State = .open
    private let clock = ContinuousClock()

    public init() {}

    /// Waits while paused or held, until the next probe may go. Returns true when submission is
    /// held on a refused key, so the caller reads the key again before its probe.
    @discardableResult
    public func waitUntilOpen() async throws(PixelDojoError) -> Bool {
        while true {
            let until: ContinuousClock.Instant
            switch state {
            case .open:
                return false
            case .paused(let end), .held(_, let end):
                until = end
            }
            if clock.now >= until {
                if case .held = state { return true }
                return false
            }
            do { try await clock.sleep(until: until, tolerance: nil) } catch {
                throw PixelDojoError(.network, "Cancelled while submission was held back.")
            }
        }
    }

    /// Holds submission for `delay` after a refused key. Returns true when this starts the hold
    /// (the gate was open or only paused for credits), so it is announced once.
    @discardableResult
    public func hold(_ error: PixelDojoError, for delay: Duration) -> Bool {
        let until = clock.now + delay
        switch state {
        case .held(_, let current):
            state = .held(error, until: max(current, until))
            return false
        case .open, .paused:
            state = .held(error, until: until)
            return true
        }
    }

    /// Holds submission back for `delay` after a 402; a longer pause already in force is kept.
    /// Returns true when this starts a pause, so it is announced once. A 402 while held means the
    /// key is accepted again: the hold becomes a pause for credits.
    @discardableResult
    public func pause(for delay: Duration) -> Bool {
        let until = clock.now + delay
        switch state {
        case .paused(let current):
            if current < until { state = .paused(until: until) }
            return false
        case .open, .held:
            state = .paused(until: until)
            return true
        }
    }

    /// A submit went through: credits are back and the key is accepted. Returns true when this ends
    /// a pause or a hold.
    @discardableResult
    public func reopen() -> Bool {
        reopening() != nil
    }

    /// Like ``reopen()``, returning the state it ended (nil when the gate was open).
    func reopening() -> State? {
        guard state != .open else { return nil }
        defer { state = .open }
        return state
    }
}

extension SubmissionGate {
    /// The gate's state for an operator: nil while open.
    public func currentPause() -> ProviderPause? {
        switch state {
        case .open:
            return nil
        case .held(let error, let until):
            return ProviderPause(reason: error.message, until: date(of: until))
        case .paused(let until):
            // Past its end the pause lasts until a submit goes through (reopen()): the check
            // under way may well meet another 402, and health must not flicker meanwhile.
            return ProviderPause(reason: PixelDojoError.insufficientCreditsAdvice, until: date(of: until))
        }
    }

    /// The wall-clock time of `instant`, or nil once it has passed.
    private func date(of instant: ContinuousClock.Instant) -> Date? {
        let left = clock.now.duration(to: instant)
        guard left > .zero else { return nil }
        let seconds = Double(left.components.seconds) + Double(left.components.attoseconds) / 1e18
        return Date().addingTimeInterval(seconds)
    }
}
