/// The `pixeldojo:` section: how to reach the cloud API and how hard to push it.
public struct PixelDojoSettings: Sendable, Hashable {
    public var baseURL: String
    /// The environment variable holding the API key.
    public var apiKeyEnv: String
    /// A file holding the API key, absolute; refused if group or others can read it.
    public var apiKeyFile: String?
    /// Where `api_key_file` is written in relight.yaml, for diagnostics about the file it names.
    public var apiKeyFileLocation: SourceLocation?
    /// The first poll delay; polling backs off up to ``maxPollInterval``.
    public var pollInterval: Duration
    public var maxPollInterval: Duration
    public var jobTimeout: Duration
    public var maxInFlight: Int
    public var requestsPerMinute: Int
    public var maxDownloadBytes: Int64

    public static let defaultAPIKeyEnv = "PIXELDOJO_API_KEY"

    public init(
        baseURL: String = "https://pixeldojo.ai/api/v1",
        apiKeyEnv: String = PixelDojoSettings.defaultAPIKeyEnv,
        apiKeyFile: String? = nil,
        pollInterval: Duration = .seconds(2),
        maxPollInterval: Duration = .seconds(15),
        jobTimeout: Duration = .seconds(15 * 60),
        maxInFlight: Int = 4,
        requestsPerMinute: Int = 30,
        maxDownloadBytes: Int64 = 200 * 1024 * 1024
    ) {
        self.baseURL = baseURL
        self.apiKeyEnv = apiKeyEnv
        self.apiKeyFile = apiKeyFile
        self.pollInterval = pollInterval
        self.maxPollInterval = maxPollInterval
        self.jobTimeout = jobTimeout
        self.maxInFlight = maxInFlight
        self.requestsPerMinute = requestsPerMinute
        self.maxDownloadBytes = maxDownloadBytes
    }
}
