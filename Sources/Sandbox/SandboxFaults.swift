/// The faults the sandbox injects into its API calls (`relight sandbox --latency … --drop-rate …`).
public struct SandboxFaults: Sendable, Hashable, Codable {
    /// Added before every API answer (submit, poll, presign, object and output transfers).
    public var latency: Duration = .zero
    /// Every Nth API call (submit or poll) is answered 429 with `Retry-After`; 0 for never.
    public var rateLimitEvery: Int = 0
    /// The `Retry-After` seconds sent with a 429.
    public var retryAfterSeconds: Int = 1
    /// The fraction of API calls answered 500 `internal_error`.
    public var errorRate: Double = 0
    /// The fraction of jobs that end `failed`.
    public var failRate: Double = 0
    /// The fraction of API calls and downloads whose connection is closed after the response head.
    public var dropRate: Double = 0
    /// The fraction of API answers that are not JSON (a proxy's HTML error page, say).
    public var malformedRate: Double = 0
    /// The fraction of API answers cut off half way through their body.
    public var truncateRate: Double = 0

    public init() {}

    enum CodingKeys: String, CodingKey {
        case latencyMilliseconds, rateLimitEvery, retryAfterSeconds, errorRate, failRate, dropRate, malformedRate, truncateRate
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        latency = .milliseconds(try c.decodeIfPresent(Int64.self, forKey: .latencyMilliseconds) ?? 0)
        rateLimitEvery = try c.decodeIfPresent(Int.self, forKey: .rateLimitEvery) ?? 0
        retryAfterSeconds = try c.decodeIfPresent(Int.self, forKey: .retryAfterSeconds) ?? 1
        errorRate = try c.decodeIfPresent(Double.self, forKey: .errorRate) ?? 0
        failRate = try c.decodeIfPresent(Double.self, forKey: .failRate) ?? 0
        dropRate = try c.decodeIfPresent(Double.self, forKey: .dropRate) ?? 0
        malformedRate = try c.decodeIfPresent(Double.self, forKey: .malformedRate) ?? 0
        truncateRate = try c.decodeIfPresent(Double.self, forKey: .truncateRate) ?? 0
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(latency.components.seconds * 1000 + latency.components.attoseconds / 1_000_000_000_000_000, forKey: .latencyMilliseconds)
        try c.encode(rateLimitEvery, forKey: .rateLimitEvery)
        try c.encode(retryAfterSeconds, forKey: .retryAfterSeconds)
        try c.encode(errorRate, forKey: .errorRate)
        try c.encode(failRate, forKey: .failRate)
        try c.encode(dropRate, forKey: .dropRate)
        try c.encode(malformedRate, forKey: .malformedRate)
        try c.encode(truncateRate, forKey: .truncateRate)
    }
}
