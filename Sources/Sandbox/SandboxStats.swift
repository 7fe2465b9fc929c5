/// What `GET /sandbox/stats` returns: enough for a test to prove nothing was submitted twice.
public struct SandboxStats: Sendable, Codable, Hashable {
    /// Accepted submits (a job was created).
    public var submits = 0
    /// Submits answered with the job an earlier submit with the same `Idempotency-Key` created.
    public var idempotentReplays = 0
    /// Every call to the run endpoint, including refused ones.
    public var submitCalls = 0
    public var polls = 0
    /// Output images served.
    public var downloads = 0
    public var presigns = 0
    public var uploads = 0
    /// Bytes of every uploaded photo, and of the largest one: what a client sends up.
    public var uploadedBytes = 0
    public var largestUpload = 0
    public var objectGets = 0
    public var objectDeletes = 0
    public var jobsCompleted = 0
    public var jobsFailed = 0
    /// Injected faults, by kind (`rate_limited`, `internal_error`, `dropped`, `malformed`, `truncated`, `insufficient_credits`).
    public var faults: [String: Int] = [:]
    /// Accepted submits per "subject content SHA-256 | parameters" key.
    public var submitsByContent: [String: Int] = [:]
    /// Objects currently in the store.
    public var storedObjects = 0
    /// nil when unlimited.
    public var creditsRemaining: Double?
    public var engine = ""

    public init() {}

    /// The highest count in ``submitsByContent``; 1 means nothing was submitted twice.
    public var maxSubmitsPerContent: Int { submitsByContent.values.max() ?? 0 }
}
