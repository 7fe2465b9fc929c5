import Foundation

/// A presigned URL. It is a bearer credential: log ``redacted``, never ``url``.
public struct PresignedURL: Sendable, Hashable, CustomStringConvertible {
    /// The full URL, signature included.
    public var url: String

    public init(_ url: String) {
        self.url = url
    }

    /// The URL without its query string, safe for logs and error messages.
    public var redacted: String { Self.redact(url) }

    public var description: String { redacted }

    /// Drops the query (signatures, credentials, tokens) from any URL.
    public static func redact(_ url: String) -> String {
        guard let query = url.firstIndex(of: "?") else { return url }
        return String(url[..<query]) + "?<redacted>"
    }
}

extension PresignedURL {
    /// Replaces the query string of every http(s) URL inside `text` (error texts can quote URLs).
    public static func scrubQueries(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let start = rest.range(of: "http", options: .caseInsensitive) {
            out += rest[..<start.lowerBound]
            let end = rest[start.lowerBound...].firstIndex(where: { $0.isWhitespace || $0 == "\"" || $0 == "'" || $0 == ">" || $0 == ")" }) ?? rest.endIndex
            out += redact(String(rest[start.lowerBound..<end]))
            rest = rest[end...]
        }
        return out + rest
    }
}
