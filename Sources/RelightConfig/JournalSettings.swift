/// Where the journal lives: `journal:` and its companions in relight.yaml.
///
/// SQLite under `state_dir` is the default, for one host. A `postgresql://` URL puts the queue,
/// the budget and the provider's pause on one PostgreSQL that several hosts share.
public struct JournalSettings: Sendable, Hashable {
    public enum Backend: Sendable, Hashable {
        case sqlite
        case postgresql(PostgresURL)
    }

    public var backend: Backend
    /// The environment variable that holds the PostgreSQL password (`journal_password_env`);
    /// without it, `~/.pgpass` is read. The password is never in relight.yaml.
    public var passwordEnv: String?
    /// This host's name in the shared journal (`host_id`); default: the machine's host name and
    /// a short hash of `state_dir`, so two daemons on one machine are two hosts.
    public var hostID: String?
    /// How long a claim on an item holds without a heartbeat (`lease_timeout`), before another host may take it over.
    public var leaseTimeout: Duration

    public init(backend: Backend = .sqlite, passwordEnv: String? = nil, hostID: String? = nil, leaseTimeout: Duration = .seconds(30)) {
        self.backend = backend
        self.passwordEnv = passwordEnv
        self.hostID = hostID
        self.leaseTimeout = leaseTimeout
    }

    /// `sqlite` or `postgresql://user@host:port/db`, for `relight status` and `validate`.
    public var backendName: String {
        switch backend {
        case .sqlite: "sqlite"
        case .postgresql(let url): url.description
        }
    }

    public var isShared: Bool {
        if case .postgresql = backend { return true }
        return false
    }
}
