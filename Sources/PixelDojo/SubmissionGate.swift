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
    public func pause(for delay: Duration) {
        let until = clock.now + delay
        if case .paused(let current) = state, current > until { return }
        if case .stopped = state { return }
        state = .paused(until: until)
    }

    /// A submit went through: credits are back.
    public func reopen() {
        if case .paused = state { state = .open }
    }
}
