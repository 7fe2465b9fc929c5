/// Everything that can go wrong talking to the cloud API. Messages never contain the API key or signed URLs.
public struct PixelDojoError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// 400 `invalid_request`: the parameters were refused. Fails the item.
        case invalidRequest = "invalid_request"
        /// 401 `unauthorized`: the key is wrong. Stops all submission.
        case unauthorized = "unauthorized"
        /// 402 `insufficient_credits`: pause until credits return.
        case insufficientCredits = "insufficient_credits"
        /// 404 `model_not_found`. Fails the item.
        case modelNotFound = "model_not_found"
        /// 429 `rate_limited`: retry after `Retry-After`.
        case rateLimited = "rate_limited"
        /// 5xx `internal_error`: retry with backoff.
        case serverError = "internal_error"
        /// Connection refused, reset, closed mid-body, or timed out: retry with backoff.
        case network = "network"
        /// The answer was not the JSON the API documents.
        case malformedResponse = "malformed_response"
        /// The job ended as `failed`.
        case jobFailed = "job_failed"
        /// The job did not finish within `pixeldojo.job_timeout`.
        case jobTimedOut = "job_timeout"
        /// An output URL answered with an error (e.g. 403/404/410 once it has expired).
        case downloadFailed = "download_failed"
        /// An output was larger than `pixeldojo.max_download_bytes`.
        case downloadTooLarge = "download_too_large"
        /// An output was not a JPEG, PNG or WebP image.
        case notAnImage = "not_an_image"
        /// A redirect pointed somewhere other than http(s), or there were too many.
        case badRedirect = "bad_redirect"
        /// No API key, or an unusable key file.
        case missingAPIKey = "missing_api_key"
    }

    public var kind: Kind
    public var message: String
    /// The HTTP status, when there was one.
    public var status: Int?
    /// The server's `Retry-After`, for 429 (and 503).
    public var retryAfter: Duration?

    public init(_ kind: Kind, _ message: String, status: Int? = nil, retryAfter: Duration? = nil) {
        self.kind = kind
        self.message = message
        self.status = status
        self.retryAfter = retryAfter
    }

    public var description: String { message }

    /// Whether trying the same call again can help.
    public var isTransient: Bool {
        switch kind {
        case .rateLimited, .serverError, .network: return true
        default: return false
        }
    }
}
