/// Why an upload step failed. Messages never contain keys, tokens or presigned-URL signatures.
public struct UploadError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// The access key, secret key or token variable is unset or empty.
        case missingCredentials = "missing_credentials"
        /// The endpoint, bucket or expiry in the config cannot be used.
        case invalidConfiguration = "invalid_configuration"
        /// The source file cannot be read.
        case unreadableFile = "unreadable_file"
        /// The store or presign service answered with an error status.
        case rejected = "rejected"
        /// The presign service answered with something other than `{uploadUrl, fileUrl, headers?}`.
        case malformedResponse = "malformed_response"
        /// The connection failed or timed out.
        case network = "network"
    }

    public var code: Code
    public var message: String
    /// The HTTP status, for ``Code/rejected``.
    public var status: Int?

    public init(_ code: Code, _ message: String, status: Int? = nil) {
        self.code = code
        self.message = message
        self.status = status
    }

    public var description: String { message }

    /// Retrying can help for network failures, throttling and server errors.
    public var isTransient: Bool {
        switch code {
        case .network: return true
        case .rejected: return status.map { $0 == 408 || $0 == 429 || $0 >= 500 } ?? false
        default: return false
        }
    }
}
