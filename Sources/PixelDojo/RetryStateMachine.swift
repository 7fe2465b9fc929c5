/// The retry policy of SPEC.md as a pure value: feed it each failure and the current time, it says what to do.
///
/// It never sleeps and never reads a clock: the caller passes `now` (time since the work began) and a
/// random source, so tests drive it through hours of backoff instantly.
public struct RetryStateMachine: Sendable {
    public struct Configuration: Sendable, Hashable {
        /// The first retry delay; each retry doubles it.
        public var baseDelay: Duration
        /// The longest delay between two attempts.
        public var maxDelay: Duration
        /// Attempts for transient failures (429, 5xx, network) before the item fails.
        public var maxAttempts: Int
        /// The longest wait between two credit checks while paused on 402.
        public var maxCreditCheckDelay: Duration
        /// The longest wait between two checks of the key while submission is held on 401.
        public var maxKeyCheckDelay: Duration
        /// Give up when this much time has passed since the work began (the job timeout); nil for never.
        public var deadline: Duration?

        public init(
            baseDelay: Duration = .seconds(1),
            maxDelay: Duration = .seconds(60),
            maxAttempts: Int = 6,
            maxCreditCheckDelay: Duration = .seconds(300),
            maxKeyCheckDelay: Duration = .seconds(60),
            deadline: Duration? = nil
        ) {
            self.baseDelay = baseDelay
            self.maxDelay = maxDelay
            self.maxAttempts = maxAttempts
            self.maxCreditCheckDelay = maxCreditCheckDelay
            self.maxKeyCheckDelay = maxKeyCheckDelay
            self.deadline = deadline
        }
    }

    public enum Action: Sendable, Hashable {
        /// Try the same call again after this delay.
        case retry(after: Duration)
        /// 402: submit nothing until this delay has passed, then check again. The item stays queued.
        case pauseForCredits(checkAfter: Duration)
        /// Give up on this item.
        case fail(PixelDojoError)
        /// 401 (or an unusable key): hold all submission and try again after this delay, with the key
        /// read again when it comes from a file. The item stays queued.
        case holdSubmission(PixelDojoError, checkAfter: Duration)
    }

    public let configuration: Configuration
    /// Transient failures so far.
    public private(set) var attempts = 0
    /// Consecutive 402 answers so far.
    public private(set) var creditChecks = 0
    /// Consecutive 401 answers so far.
    public private(set) var keyChecks = 0

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// What to do after `error`, at `now` since the work began. `random` yields values in 0..<1 (jitter).
    public mutating func next(after error: PixelDojoError, now: Duration, random: () -> Double) -> Action {
        switch error.kind {
        case .unauthorized, .missingAPIKey:
            keyChecks += 1
            return .holdSubmission(error, checkAfter: jittered(backoff(step: keyChecks, cap: configuration.maxKeyCheckDelay), random: random))
        case .insufficientCredits:
            keyChecks = 0
            creditChecks += 1
            let delay = jittered(backoff(step: creditChecks, cap: configuration.maxCreditCheckDelay), random: random)
            if let deadline = configuration.deadline, now + delay > deadline {
                return .fail(PixelDojoError(.insufficientCredits, error.message + " Credits did not return before the job timeout.", status: error.status))
            }
            return .pauseForCredits(checkAfter: delay)
        case .rateLimited, .serverError, .network:
            attempts += 1
            creditChecks = 0
            keyChecks = 0
            guard attempts < configuration.maxAttempts else {
                return .fail(PixelDojoError(error.kind, error.message + " Gave up after \(attempts) attempts.", status: error.status, retryAfter: error.retryAfter))
            }
            var delay = jittered(backoff(step: attempts, cap: configuration.maxDelay), random: random)
            if let retryAfter = error.retryAfter, retryAfter > delay {
                // The server knows best; a little jitter keeps many clients from returning in step.
                delay = retryAfter + retryAfter * (0.1 * random())
            }
            if let deadline = configuration.deadline, now + delay > deadline {
                return .fail(PixelDojoError(error.kind, error.message + " No time left before the job timeout.", status: error.status))
            }
            return .retry(after: delay)
        default:
            return .fail(error)
        }
    }

    /// Call after a successful call: the next failure starts the backoff afresh.
    public mutating func succeeded() {
        attempts = 0
        creditChecks = 0
        keyChecks = 0
    }

    /// base · 2^(step-1), capped.
    func backoff(step: Int, cap: Duration) -> Duration {
        var delay = configuration.baseDelay
        for _ in 1..<max(1, step) {
            delay *= 2
            if delay >= cap { return cap }
        }
        return min(delay, cap)
    }

    /// "Equal jitter": half the delay fixed, half random, so retries spread out but never come back at once.
    func jittered(_ delay: Duration, random: () -> Double) -> Duration {
        delay / 2 + (delay / 2) * min(max(random(), 0), 1)
    }
}
