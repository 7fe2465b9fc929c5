import Foundation
import Logging
import RelightConfig
import Testing
@testable import RelightPipeline

/// Which backend a journal test runs against.
enum JournalKind: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case sqlite, postgresql

    var testDescription: String { rawValue }
}

/// The PostgreSQL that `make test` starts (`RELIGHT_TEST_POSTGRES_URL`). Without the variable
/// (a plain `swift test`) the PostgreSQL cases are left out; with it, an unreachable server fails them.
enum TestPostgres {
    static var url: String? { ProcessInfo.processInfo.environment["RELIGHT_TEST_POSTGRES_URL"] }

    /// The backends to run the journal suite against.
    static var kinds: [JournalKind] { url == nil ? [.sqlite] : [.sqlite, .postgresql] }

    /// A new, empty database on the test server, so tests that run at once do not meet.
    static func createDatabase() throws -> PostgresURL {
        guard let text = url else { throw PostgresJournalError("RELIGHT_TEST_POSTGRES_URL is not set") }
        guard case .success(var base) = PostgresURL.parse(text) else { throw PostgresJournalError("RELIGHT_TEST_POSTGRES_URL is not a postgresql:// URL") }
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", "-X", "-q", "-h", base.host, "-p", String(base.port), "-U", base.user, "-d", base.database,
                             "-v", "ON_ERROR_STOP=1", "-c", "CREATE DATABASE \(name)"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw PostgresJournalError("the test PostgreSQL at \(base) does not answer: \(text)")
        }
        base.database = String(name)
        return base
    }
}

/// A journal of either kind, in a scratch folder or a fresh database, that can be opened again.
final class JournalFixture {
    let kind: JournalKind
    let scratch: Scratch
    let database: PostgresURL?

    init(_ kind: JournalKind) throws {
        self.kind = kind
        scratch = try Scratch()
        database = kind == .postgresql ? try TestPostgres.createDatabase() : nil
    }

    func open(host: String = "test-host") async throws -> Journal {
        switch kind {
        case .sqlite: return try Journal(stateDirectory: scratch.url("state"))
        case .postgresql: return try await Journal.postgres(database!, password: nil, host: host, logger: Logger(label: "test"))
        }
    }
}
