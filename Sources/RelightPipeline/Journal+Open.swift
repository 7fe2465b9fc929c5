import Foundation
import Logging
import RelightConfig

extension Journal {
    /// The journal a configuration names: SQLite under `state_dir`, or the shared PostgreSQL
    /// (its password from `journal_password_env` or `~/.pgpass`). `waitForServer` (the daemon)
    /// opens a shared journal whose server is down all the same (``PostgresJournal``).
    public static func open(
        _ configuration: RelightConfiguration, environment: [String: String] = ProcessInfo.processInfo.environment,
        logger: Logger = Logger(label: "relight.journal"), waitForServer: Bool = false
    ) async throws -> Journal {
        switch configuration.journal.backend {
        case .sqlite:
            return try Journal(stateDirectory: configuration.stateDirectory)
        case .postgresql(let url):
            let password = try PostgresPassword.find(for: url, settings: configuration.journal, environment: environment)
            let host = HostIdentity.make(configured: configuration.journal.hostID, stateDirectory: configuration.stateDirectory)
            return Journal(backend: try await PostgresJournal(url: url, password: password, host: host, logger: logger, waitForServer: waitForServer))
        }
    }

    /// Opens a shared journal at `url` directly (for `relight journal migrate` and tests).
    public static func postgres(
        _ url: PostgresURL, password: String?, host: String = HostIdentity.machine, logger: Logger = Logger(label: "relight.journal")
    ) async throws -> Journal {
        Journal(backend: try await PostgresJournal(url: url, password: password, host: host, logger: logger))
    }
}
