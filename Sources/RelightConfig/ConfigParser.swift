import Foundation
import Yams

/// Turns a relight.yaml node tree into a ``RelightConfiguration``, resolving relative paths
/// against the config file's folder and filling in every default.
struct ConfigParser {
    let reader: NodeReader
    let base: String
    let environment: [String: String]

    enum Key {
        static let top = [
            "provider", "profiles_dir", "state_dir", "journal", "journal_password_env", "host_id", "lease_timeout", "pixeldojo",
            "upload", "budget", "watch", "status", "raw",
        ]
        static let pixeldojo = [
            "base_url", "api_key_env", "api_key_file", "poll_interval", "job_timeout", "max_in_flight",
            "requests_per_minute", "max_download_bytes",
        ]
        static let upload = ["s3", "presign_service"]
        static let s3 = [
            "endpoint", "region", "bucket", "prefix", "addressing", "access_key_env", "secret_key_env", "expires",
            "delete_after",
        ]
        static let presignService = ["url", "token_env"]
        static let budget = ["credits_per_day"]
        static let status = ["listen", "token_env"]
    }

    /// The parsed configuration, or `nil` when the root is not a mapping. Problems are in `reader.errors`.
    func parse(file: String) -> RelightConfiguration? {
        let root = reader.document.root
        guard let fields = reader.fields(root, allowed: Key.top, what: "relight.yaml") else { return nil }
        let pixeldojo = fields["pixeldojo"].map(parsePixelDojo) ?? PixelDojoSettings()
        let explicitProvider = reader.choice("provider", in: fields, as: ProviderKind.self)
        let provider = explicitProvider ?? (Self.apiKeyAvailable(pixeldojo, environment: environment) ? .pixeldojo : .local)
        var watch: [WatchEntry] = []
        if let node = fields["watch"] {
            if case .sequence(let sequence) = node {
                watch = sequence.compactMap(parseWatchEntry)
            } else if !YAMLDocument.isNull(node) {
                reader.fail(.wrongType, "'watch' must be a list of folders, each starting with '- path:'; got \(reader.describe(node))", at: node)
            }
        }
        let upload = fields["upload"].flatMap(parseUpload)
        if provider == .pixeldojo, upload == nil, !fields.has("upload") {
            reader.fail(
                .missingKey,
                "provider pixeldojo needs an 'upload:' section (s3 or presign_service) so the API can fetch your photos by URL",
                at: fields.key("provider") ?? root)
        }
        return RelightConfiguration(
            file: file,
            baseDirectory: base,
            provider: provider,
            providerIsExplicit: explicitProvider != nil,
            profilesDirectory: path("profiles_dir", in: fields) ?? resolve("profiles"),
            stateDirectory: path("state_dir", in: fields) ?? resolve(".relight"),
            pixeldojo: pixeldojo,
            upload: upload,
            budget: fields["budget"].map(parseBudget) ?? BudgetSettings(),
            watch: watch,
            status: fields["status"].map(parseStatus) ?? StatusSettings(),
            raw: reader.choice("raw", in: fields, as: RawMode.self) ?? .develop,
            journal: parseJournal(fields)
        )
    }

    /// Whether an API key is configured: the environment variable is set, or the key file exists.
    static func apiKeyAvailable(_ settings: PixelDojoSettings, environment: [String: String]) -> Bool {
        if let file = settings.apiKeyFile { return FileManager.default.fileExists(atPath: file) }
        return !(environment[settings.apiKeyEnv] ?? "").isEmpty
    }

    func resolve(_ path: String) -> String { ConfigLocator.absolute(path, base: base) }

    func path(_ field: String, in fields: Fields) -> String? {
        guard let text = reader.string(field, in: fields) else { return nil }
        guard !text.isEmpty else {
            reader.fail(.wrongType, "'\(field)' must be a folder path; got nothing", at: fields[field] ?? fields.node)
            return nil
        }
        return resolve(text)
    }

    private func parsePixelDojo(_ node: Node) -> PixelDojoSettings {
        var settings = PixelDojoSettings()
        guard let fields = reader.fields(node, allowed: Key.pixeldojo, what: "'pixeldojo'") else { return settings }
        if let url = url("base_url", in: fields) { settings.baseURL = url.hasSuffix("/") ? String(url.dropLast()) : url }
        settings.apiKeyEnv = reader.string("api_key_env", in: fields) ?? settings.apiKeyEnv
        settings.apiKeyFile = path("api_key_file", in: fields)
        if settings.apiKeyFile != nil, let node = fields.key("api_key_file") { settings.apiKeyFileLocation = reader.location(of: node) }
        settings.pollInterval = positive("poll_interval", in: fields) ?? settings.pollInterval
        settings.jobTimeout = positive("job_timeout", in: fields) ?? settings.jobTimeout
        settings.maxInFlight = reader.int("max_in_flight", in: fields, range: 1...256) ?? settings.maxInFlight
        settings.requestsPerMinute = reader.int("requests_per_minute", in: fields, range: 1...10_000) ?? settings.requestsPerMinute
        if let bytes = reader.byteSize("max_download_bytes", in: fields) {
            if bytes < 1024 {
                reader.fail(.outOfRange, "'max_download_bytes' must be at least 1KB; got \(bytes) bytes", at: fields["max_download_bytes"]!)
            } else {
                settings.maxDownloadBytes = bytes
            }
        }
        return settings
    }

    private func parseUpload(_ node: Node) -> UploadSettings? {
        guard let fields = reader.fields(node, allowed: Key.upload, what: "'upload'") else { return nil }
        switch (fields["s3"], fields["presign_service"]) {
        case (let s3?, nil): return parseS3(s3).map(UploadSettings.s3)
        case (nil, let service?): return parsePresignService(service).map(UploadSettings.presignService)
        case (.some, .some):
            reader.fail(.wrongType, "'upload' takes either 's3' or 'presign_service', not both", at: fields.key("presign_service") ?? node)
        case (nil, nil):
            reader.fail(.missingKey, "'upload' needs an 's3:' or a 'presign_service:' section", at: node)
        }
        return nil
    }

    private func parseS3(_ node: Node) -> S3UploadSettings? {
        guard let fields = reader.fields(node, allowed: Key.s3, what: "'upload.s3'") else { return nil }
        guard let bucket = reader.string("bucket", in: fields), !bucket.isEmpty else {
            if !fields.has("bucket") { reader.fail(.missingKey, "'upload.s3' needs a 'bucket:'", at: node) }
            return nil
        }
        let region = reader.string("region", in: fields) ?? "us-east-1"
        var settings = S3UploadSettings(
            endpoint: url("endpoint", in: fields) ?? "https://s3.\(region).amazonaws.com", region: region, bucket: bucket)
        settings.prefix = reader.string("prefix", in: fields) ?? settings.prefix
        settings.addressing = reader.choice("addressing", in: fields, as: S3UploadSettings.Addressing.self) ?? settings.addressing
        settings.accessKeyEnv = reader.string("access_key_env", in: fields) ?? settings.accessKeyEnv
        settings.secretKeyEnv = reader.string("secret_key_env", in: fields) ?? settings.secretKeyEnv
        if let expires = positive("expires", in: fields) {
            if expires > .seconds(7 * 24 * 3600) {
                reader.fail(.outOfRange, "'expires' can be at most 7 days (S3's limit for presigned URLs)", at: fields["expires"]!)
            } else {
                settings.expires = expires
            }
        }
        settings.deleteAfter = reader.bool("delete_after", in: fields) ?? settings.deleteAfter
        return settings
    }

    private func parsePresignService(_ node: Node) -> PresignServiceSettings? {
        guard let fields = reader.fields(node, allowed: Key.presignService, what: "'upload.presign_service'") else { return nil }
        guard let url = url("url", in: fields) else {
            if !fields.has("url") { reader.fail(.missingKey, "'upload.presign_service' needs a 'url:'", at: node) }
            return nil
        }
        var settings = PresignServiceSettings(url: url)
        settings.tokenEnv = reader.string("token_env", in: fields) ?? settings.tokenEnv
        return settings
    }

    /// `journal:` (sqlite or a postgresql:// URL) with `journal_password_env`, `host_id` and `lease_timeout`.
    private func parseJournal(_ fields: Fields) -> JournalSettings {
        var settings = JournalSettings()
        if let text = reader.string("journal", in: fields), text != "sqlite" {
            switch PostgresURL.parse(text) {
            case .success(let url): settings.backend = .postgresql(url)
            case .failure(let error):
                // The message never repeats the text: it may hold a password.
                reader.fail(.wrongType, "'journal' \(error.message)", at: fields["journal"]!)
            }
        }
        settings.passwordEnv = reader.string("journal_password_env", in: fields)
        if let host = reader.string("host_id", in: fields) {
            if host.isEmpty || host.count > 200 || host.contains(where: { $0.isWhitespace }) {
                reader.fail(.wrongType, "'host_id' must be a short name without spaces, such as nas-1", at: fields["host_id"]!)
            } else {
                settings.hostID = host
            }
        }
        if let lease = positive("lease_timeout", in: fields) {
            if lease < .seconds(2) {
                reader.fail(.outOfRange, "'lease_timeout' must be at least 2s; heartbeats renew it three times per period", at: fields["lease_timeout"]!)
            } else {
                settings.leaseTimeout = lease
            }
        }
        return settings
    }

    private func parseBudget(_ node: Node) -> BudgetSettings {
        guard let fields = reader.fields(node, allowed: Key.budget, what: "'budget'") else { return BudgetSettings() }
        return BudgetSettings(creditsPerDay: reader.double("credits_per_day", in: fields, range: 0...1e12) ?? 0)
    }

    private func parseStatus(_ node: Node) -> StatusSettings {
        var settings = StatusSettings()
        guard let fields = reader.fields(node, allowed: Key.status, what: "'status'") else { return settings }
        if let listenNode = fields["listen"] {
            let text = listenNode.scalar?.string ?? ""
            if listenNode.tagName == .bool && listenNode.bool == false || text == "off" {
                settings.listen = nil
            } else if let address = Self.parseListen(text) {
                settings.listen = address
            } else {
                reader.fail(.wrongType, "'listen' must be HOST:PORT (such as 127.0.0.1:8787) or off; got \(reader.describe(listenNode))", at: listenNode)
            }
        }
        settings.tokenEnv = reader.string("token_env", in: fields) ?? settings.tokenEnv
        return settings
    }

    /// `127.0.0.1:8787`, `[::1]:8787`, `localhost:8787` or `:8787` (loopback).
    static func parseListen(_ text: String) -> ListenAddress? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            return nil
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.isEmpty { host = "127.0.0.1" }
        guard !host.contains(" ") else { return nil }
        return ListenAddress(host: host, port: port)
    }

    func positive(_ field: String, in fields: Fields) -> Duration? {
        guard let value = reader.duration(field, in: fields) else { return nil }
        guard value > .zero else {
            reader.fail(.outOfRange, "'\(field)' must be longer than zero", at: fields[field]!)
            return nil
        }
        return value
    }

    func url(_ field: String, in fields: Fields) -> String? {
        guard let text = reader.string(field, in: fields) else { return nil }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            url.host != nil
        else {
            reader.fail(.wrongType, "'\(field)' must be an http:// or https:// URL; got \(reader.describe(fields[field]!))", at: fields[field]!)
            return nil
        }
        return text
    }
}
