/// The client-side limit on calls to the cloud API (`pixeldojo.requests_per_minute`), across all tasks.
public actor RateLimiter {
    private var bucket: TokenBucket
    private let clock: any Clock<Duration>
    private let start: ContinuousClock.Instant
    private let now: @Sendable () -> Duration

    /// - Parameter clock: injected so tests can use their own; defaults to the continuous clock.
    public init(requestsPerMinute: Int, burst: Int? = nil, clock: any Clock<Duration> = ContinuousClock(), now: (@Sendable () -> Duration)? = nil) {
        let start = ContinuousClock.now
        self.start = start
        self.clock = clock
        self.now = now ?? { ContinuousClock.now - start }
        self.bucket = TokenBucket(requestsPerMinute: requestsPerMinute, burst: burst, now: .zero)
    }

    /// Waits until the next call may go.
    public func acquire() async throws {
        let wait = bucket.reserve(now: now())
        if wait > .zero {
            try await clock.sleep(for: wait, tolerance: nil)
        }
    }
}
