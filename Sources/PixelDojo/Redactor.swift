import Foundation

import PresignedUpload

/// Removes secrets from text that may reach a log or an error message: the API key and URL query strings.
struct Redactor: Sendable {
    let secrets: [String]

    init(secrets: [String]) {
        self.secrets = secrets.filter { $0.count >= 4 }
    }

    func scrub(_ text: String) -> String {
        var out = PresignedURL.scrubQueries(text)
        for secret in secrets {
            out = out.replacingOccurrences(of: secret, with: "<redacted>")
        }
        return out
    }

    /// The start of a body, for an error that must say what was received.
    func excerpt(_ body: String, limit: Int = 200) -> String {
        let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return "an empty body" }
        let cut = trimmed.count > limit ? String(trimmed.prefix(limit)) + "… (\(trimmed.utf8.count) bytes)" : trimmed
        return "'" + scrub(cut) + "'"
    }
}
