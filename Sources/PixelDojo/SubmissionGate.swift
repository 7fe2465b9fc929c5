import Foundation
import Relighting

/// Shared by every submission of one provider: held after a 401, paused after a 402.
///
/// SPEC.md: 401 stops all submission and says so loudly (work stays queued); 402 pauses submission
/// until credits return. The gate holds that state so one item's answer holds back all the others.
/// Neither is for good: once the wait is over, one submit is the probe, and the first that goes
/// through reopens the gate (after a 401, with the key read again when it comes from a file). The
/// other submits wait for the probe's answer rather than all asking at once and all being refused.
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
    /// Who probes next, and from when: the submit that met the refusal (so its backoff keeps growing),
    /// or the first to ask once the wait is over. Everyone else waits for the probe's answer.
    private var probe: (id: ProbeID, from: ContinuousClock.Instant)?
    /// How long the others wait for a probe's answer: one that hangs must not hold them back for good.
    /// Longer than a submit may take (the client gives it 120 s), so a slow probe is not overtaken.
    /// A probe that ends without an answer (its item failed or stopped) resigns at once.
    let probePatience: Duration

    /// Identifies one submit across its tries.
    public struct ProbeID: Sendable, Hashable {
        let value = UUID()
        public init() {}
    }

    public init(probePatience: Duration = .seconds(150)) {
        self.probePatience = probePatience
    }

    /// Waits while paused or held, until the next probe may go. Returns true when submission is
    /// held on a refused key, so the caller reads the key again before its probe.
    ///
    /// With a `probe` id the caller is about to submit: once the wait is over only one such caller
    /// goes (the probe); the others wait until its answer reopens the gate or pauses it again. Without
    /// one (a caller about to upload, not submit) the end of the wait is enough.
    @discardableResult
    public func waitUntilOpen(probe caller: ProbeID? = nil) async throws(PixelDojoError) -> Bool {
        while true {
            let until: ContinuousClock.Instant
            switch state {
            case .open:
                return false
            case .paused(let end), .held(_, let end):
                until = end
            }
            let now = clock.now
            var wake = until
            if now >= until {
                if let caller {
                    if let current = probe, current.id != caller, case let patience = max(current.from, until) + probePatience, now < patience {
                        // Another submit probes: look again shortly for its answer.
                        wake = min(patience, now + .milliseconds(100))
                    } else {
                        probe = (caller, now)
                    }
                }
                if wake <= now {
                    if case .held = state { return true }
                    return false
                }
            }
            do { try await clock.sleep(until: wake, tolerance: nil) } catch {
                throw PixelDojoError(.network, "Cancelled while submission was held back.")
            }
        }
    }

    /// Holds submission for `delay` after a refused key. Returns true when this starts the hold
    /// (the gate was open or only paused for credits), so it is announced once. `caller`, the submit
    /// refused, probes when the hold is over.
    @discardableResult
    public func hold(_ error: PixelDojoError, for delay: Duration, by caller: ProbeID? = nil) -> Bool {
        let until = clock.now + delay
        switch state {
        case .held(_, let current):
            state = .held(error, until: max(current, until))
            designate(caller, ending: until, current: current)
            return false
        case .open, .paused:
            state = .held(error, until: until)
            probe = caller.map { ($0, until) }
            return true
        }
    }

    /// Holds submission back for `delay` after a 402; a longer pause already in force is kept.
    /// Returns true when this starts a pause, so it is announced once. A 402 while held means the
    /// key is accepted again: the hold becomes a pause for credits. `caller`, the submit refused,
    /// probes when the pause is over.
    @discardableResult
    public func pause(for delay: Duration, by caller: ProbeID? = nil) -> Bool {
        let until = clock.now + delay
        switch state {
        case .paused(let current):
            if current < until { state = .paused(until: until) }
            designate(caller, ending: until, current: current)
            return false
        case .open, .held:
            state = .paused(until: until)
            probe = caller.map { ($0, until) }
            return true
        }
    }

    /// A refused submit whose wait ends at `until` probes next when its wait is the one in force (its
    /// backoff has grown the furthest), or when no probe is named: a submit that was already under
    /// way when the gate closed, refused with a short first wait, does not take the probe over.
    private func designate(_ caller: ProbeID?, ending until: ContinuousClock.Instant, current: ContinuousClock.Instant) {
        guard let caller, probe == nil || until >= current else { return }
        probe = (caller, until)
    }

    /// `caller` gives up probing without an answer (its item failed or stopped): the next submit to
    /// ask probes, instead of every one waiting out the patience.
    public func resign(_ caller: ProbeID) {
        if probe?.id == caller { probe = nil }
    }

    /// A submit went through: credits are back and the key is accepted. Returns true when this ends
    /// a pause or a hold.
    @discardableResult
    public func reopen() -> Bool {
        reopening() != nil
    }

    /// Like ``reopen()``, returning the state it ended (nil when the gate was open).
    func reopening() -> State? {
        probe = nil
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
