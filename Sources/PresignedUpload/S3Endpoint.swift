import Foundation

/// An S3-compatible endpoint URL taken apart: `scheme://host[:port][/base]`.
public struct S3Endpoint: Sendable, Hashable {
    public var scheme: String
    /// The host name or address; IPv6 addresses keep their brackets.
    public var host: String
    /// The port, when it is not the scheme's default.
    public var port: Int?
    /// A path prefix before the bucket or key, without a trailing `/`; usually empty.
    public var basePath: String

    public init(parsing text: String) throws(UploadError) {
        let invalid = UploadError(.invalidConfiguration, "The S3 endpoint '\(text)' is not an http(s) URL like https://s3.eu-central-1.amazonaws.com (upload.s3.endpoint).")
        guard let schemeEnd = text.range(of: "://") else { throw invalid }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { throw invalid }
        let rest = text[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard !authority.isEmpty, !authority.contains("@") else { throw invalid }
        var path = String(rest[authorityEnd...])
        guard !path.contains("?"), !path.contains("#") else { throw invalid }
        while path.hasSuffix("/") { path.removeLast() }

        var host = Substring(authority)
        var port: Int?
        if let colon = authority.lastIndex(of: ":"), !authority[colon...].contains("]") {
            guard let value = Int(authority[authority.index(after: colon)...]), (1...65535).contains(value) else { throw invalid }
            host = authority[..<colon]
            port = value
        }
        guard !host.isEmpty else { throw invalid }
        if port == (scheme == "https" ? 443 : 80) { port = nil }
        self.scheme = scheme
        self.host = host.lowercased()
        self.port = port
        self.basePath = path
    }

    /// `host[:port]`, as sent in the `Host` header and signed.
    public func authority(bucketPrefix: String? = nil) -> String {
        let name = bucketPrefix.map { "\($0).\(host)" } ?? host
        return port.map { "\(name):\($0)" } ?? name
    }
}
