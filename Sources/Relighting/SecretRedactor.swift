import Foundation

/// Masks secrets in any text that may reach a log, a sidecar, the journal, the dashboard or an error
/// message. The one redactor of the package: the pipeline, the status server, the log handler and the
/// cloud client all use it (it lives here, beside the provider interface, so each of them can).
public struct SecretRedactor: Sendable {
    /// Literal secret values to mask wherever they appear (API keys, S3 secrets, tokens).
    public var secrets: [String]

    public init(secrets: [String] = []) {
        self.secrets = secrets.filter { $0.count >= 4 }
    }

    /// Secrets read from the environment variables a configuration names.
    public init(environment: [String: String], variables: [String]) {
        self.init(secrets: variables.compactMap { environment[$0] })
    }

    /// `text` with every known secret, URL signature, credential and bearer token replaced by `***`.
    public func redact(_ text: String) -> String {
        var result = text
        for secret in secrets { result = result.replacingOccurrences(of: secret, with: "***") }
        for pattern in Self.patterns {
            result = pattern.stringByReplacingMatches(
                in: result, range: NSRange(result.startIndex..., in: result), withTemplate: "$1***")
        }
        return result
    }

    private static let patterns: [NSRegularExpression] = [
        #"((?:X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|Signature|AWSAccessKeyId|sig|token|api_key|apikey|key)=)[^&\s"'<>]+"#,
        #"((?:Bearer|Basic)\s+)[A-Za-z0-9._~+/=-]+"#,
        #"((?:Authorization|x-api-key)"?\s*[:=]\s*"?)[^\s",}]+"#,
    ].map { try! NSRegularExpression(pattern: $0, options: [.caseInsensitive]) }

    /// The start of a body, for an error that must say what was received: trimmed, cut at `limit`
    /// characters (with the full size noted), quoted, and redacted.
    public func excerpt(_ body: String, limit: Int = 200) -> String {
        let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return "an empty body" }
        let cut = trimmed.count > limit ? String(trimmed.prefix(limit)) + "… (\(trimmed.utf8.count) bytes)" : trimmed
        return "'" + redact(cut) + "'"
    }
}
