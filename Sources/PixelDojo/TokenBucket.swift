/// A token bucket as a pure value: `requests_per_minute` spread evenly, with a small burst.
///
/// ``reserve(now:)`` hands out the time at which the caller may go; tokens can go negative, so
/// callers queue fairly in the order they reserved. Time is passed in, never read.
public struct TokenBucket: Sendable, Hashable {
    public let capacity: Double
    /// Tokens added per second.
    public let refillPerSecond: Double
    private var tokens: Double
    private var updated: Duration

    /// - Parameters:
    ///   - requestsPerMinute: the sustained rate.
    ///   - burst: how many calls may go at once after a quiet spell; default a tenth of a minute's worth.
    public init(requestsPerMinute: Int, burst: Int? = nil, now: Duration = .zero) {
        let rate = Double(max(1, requestsPerMinute))
        capacity = Double(max(1, burst ?? Int(rate / 10)))
        refillPerSecond = rate / 60
        tokens = capacity
        updated = now
    }

    /// Takes a token and returns how long the caller must wait before using it (zero: go now).
    public mutating func reserve(now: Duration) -> Duration {
        if now > updated {
            tokens = min(capacity, tokens + Self.seconds(now - updated) * refillPerSecond)
            updated = now
        }
        tokens -= 1
        if tokens >= 0 { return .zero }
        return .milliseconds(Int64((-tokens / refillPerSecond * 1000).rounded(.up)))
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
