/// How to run a sandbox: where it listens, which keys it accepts, and what it gets wrong on purpose.
public struct SandboxConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port; ``RunningSandbox/port`` tells which.
    public var port: Int
    /// The bearer key the API endpoints accept.
    public var apiKey: String
    /// The bearer token the presign service accepts; defaults to the API key.
    public var presignToken: String?
    public var engine: any SandboxEngine
    public var faults: SandboxFaults
    /// The credit balance; nil for unlimited. Each job costs `number_of_images` credits.
    public var credits: Double?
    /// How long output URLs (and presigned object URLs) stay valid.
    public var outputTTL: Duration
    /// How long a job stays `processing` before it completes.
    public var jobDuration: Duration
    /// Seed for the fault dice, so a run can be repeated.
    public var seed: UInt64
    /// The largest subject image or uploaded object accepted.
    public var maxObjectBytes: Int
    /// When set, each job's fetched subject image and its results are also written here (`--save-to`).
    public var saveDirectory: String?

    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        apiKey: String = "sandbox-key",
        presignToken: String? = nil,
        engine: any SandboxEngine = EchoEngine(),
        faults: SandboxFaults = SandboxFaults(),
        credits: Double? = nil,
        outputTTL: Duration = .seconds(3600),
        jobDuration: Duration = .milliseconds(100),
        seed: UInt64 = 0x5EED,
        maxObjectBytes: Int = 256 * 1024 * 1024,
        saveDirectory: String? = nil
    ) {
        self.host = host
        self.port = port
        self.apiKey = apiKey
        self.presignToken = presignToken
        self.engine = engine
        self.faults = faults
        self.credits = credits
        self.outputTTL = outputTTL
        self.jobDuration = jobDuration
        self.seed = seed
        self.maxObjectBytes = maxObjectBytes
        self.saveDirectory = saveDirectory
    }
}
