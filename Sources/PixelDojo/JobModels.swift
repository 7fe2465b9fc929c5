import PresignedUpload

/// The answer to a submit: `{"jobId", "status": "pending", "statusUrl", "creditCost", "creditsRemaining"}`.
public struct SubmittedJob: Sendable, Hashable {
    public var jobID: String
    /// Where to poll; nil when the API did not say (then `{base_url}/jobs/{jobId}` is used).
    public var statusURL: String?
    public var creditCost: Double?
    public var creditsRemaining: Double?

    public init(jobID: String, statusURL: String? = nil, creditCost: Double? = nil, creditsRemaining: Double? = nil) {
        self.jobID = jobID
        self.statusURL = statusURL
        self.creditCost = creditCost
        self.creditsRemaining = creditsRemaining
    }
}

/// One poll's view of a job.
public enum JobState: Sendable, Hashable {
    /// `pending`, `processing`, `queued`, `running`, or any status this client does not know yet.
    case running(status: String)
    /// `completed`: the output URLs, in order.
    case completed(outputs: [String], creditCost: Double?)
    /// `failed`: the service's reason.
    case failed(reason: String)
}

/// One downloaded output.
public struct DownloadedImage: Sendable, Hashable {
    public var data: [UInt8]
    public var kind: ImageKind

    public init(data: [UInt8], kind: ImageKind) {
        self.data = data
        self.kind = kind
    }
}
