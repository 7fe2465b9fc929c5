import Foundation
import Testing
@testable import RelightConfig

/// `journal:` and its companions: SQLite by default, a PostgreSQL URL for several hosts, and
/// errors that name file, line and column and never repeat a password.
@Suite struct JournalConfigTests {
    func load(_ yaml: String) throws -> RelightConfiguration {
        let folder = try TemporaryFolder()
        try folder.write("profiles/warm.yaml", "prompt: warm\n")
        return try ConfigLoader.load(path: try folder.write("relight.yaml", yaml), environment: [:]).configuration
    }

    func firstError(_ yaml: String) throws -> ConfigError {
        let folder = try TemporaryFolder()
        try folder.write("profiles/warm.yaml", "prompt: warm\n")
        let file = try folder.write("relight.yaml", yaml)
        do {
            _ = try ConfigLoader.load(path: file, environment: [:])
        } catch {
            return try #require(error.errors.first)
        }
        Issue.record("expected a configuration error")
        throw CancellationError()
    }

    @Test func sqliteIsTheDefault() throws {
        let settings = try load("status: {listen: off}\n").journal
        #expect(settings.backend == .sqlite && !settings.isShared && settings.leaseTimeout == .seconds(30))
        #expect(try load("journal: sqlite\n").journal.backend == .sqlite)
    }

    @Test func readsAPostgresURLAndItsCompanions() throws {
        let settings = try load("""
            journal: postgresql://relight@db.studio.lan:5433/relight?sslmode=require
            journal_password_env: RELIGHT_PG_PASSWORD
            host_id: nas-1
            lease_timeout: 45s
            """).journal
        #expect(settings.backend == .postgresql(PostgresURL(user: "relight", host: "db.studio.lan", port: 5433, database: "relight", sslMode: .require)))
        #expect(settings.passwordEnv == "RELIGHT_PG_PASSWORD" && settings.hostID == "nas-1" && settings.leaseTimeout == .seconds(45))
        #expect(settings.backendName == "postgresql://relight@db.studio.lan:5433/relight?sslmode=require")
    }

    @Test(arguments: [
        ("journal: mysql://x@y/z\n", 1, 10, "must be sqlite or a postgresql://"),
        ("journal: postgresql://db.lan/relight\n", 1, 10, "needs a user name"),
        ("journal: postgresql://u@db.lan\n", 1, 10, "needs a database name"),
        ("journal: postgresql://u@db.lan/r?sslmode=maybe\n", 1, 10, "use one of disable"),
        ("journal: postgresql://u@db.lan/r?application=x\n", 1, 10, "only sslmode"),
        ("\njournal: postgresql://u:hunter2@db.lan/r\n", 2, 10, "journal_password_env"),
        ("lease_timeout: 1s\n", 1, 16, "at least 2s"),
        ("host_id: two words\n", 1, 10, "without spaces"),
        ("journl: sqlite\n", 1, 1, "did you mean 'journal'"),
    ])
    func reportsABadJournalAtItsPlace(yaml: String, line: Int, column: Int, message: String) throws {
        let error = try firstError(yaml)
        #expect(error.location.file.hasSuffix("relight.yaml") && error.location.line == line && error.location.column == column, "\(error)")
        #expect(error.description.contains(message), "\(error)")
        #expect(!error.description.contains("hunter2"), "a password is never repeated")
    }
}
