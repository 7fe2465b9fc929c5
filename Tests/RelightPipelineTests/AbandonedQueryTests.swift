import Foundation
import Logging
import PostgresNIO
import Testing
@testable import RelightPipeline

/// A query given up at its answer deadline gives its connection back once the server ends it (its
/// sessions' `statement_timeout`): before, every stuck query (seen when PostgreSQL stops mid-query) kept
/// one of the pool's 8 connections until the daemon restarted, and after a few outages no journal call
/// got a connection at all.
@Suite(.enabled(if: TestPostgres.url != nil, "needs RELIGHT_TEST_POSTGRES_URL (make test starts a PostgreSQL)"), .timeLimit(.minutes(2)))
struct AbandonedQueryTests {
    @Test func queriesGivenUpGiveTheirConnectionsBack() async throws {
        let journal = try await PostgresJournal(
            url: try TestPostgres.createDatabase(), password: nil, host: "a", logger: Logger(label: "test"), statementTimeout: .seconds(14))
        // As many stuck queries as the pool has connections (8); each is given up 1 s past its 10 s to
        // connect, long before the server would answer; the server ends each at 14 s.
        let start = ContinuousClock.now
        let failures = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    do {
                        try await journal.transaction(answeringWithin: .seconds(1)) { connection in
                            for try await _ in try await connection.query("SELECT pg_sleep(60)", logger: Logger(label: "test")) {}
                        }
                        return false
                    } catch {
                        return "\(error)".contains("no answer within 1 s")
                    }
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(failures == 8, "every stuck query is given up as unanswered")
        #expect(ContinuousClock.now - start < .seconds(30))
        // Past the server's timeout the pool has its connections again. With the 8 still leased to
        // sleeping queries, this would wait for a connection until its 10 s deadline and fail.
        try await Task.sleep(until: start + .seconds(15))
        let asked = ContinuousClock.now
        #expect(try await journal.items(sha256: String(repeating: "0", count: 64)).isEmpty)
        #expect(ContinuousClock.now - asked < .seconds(5), "answered in \(ContinuousClock.now - asked)")
        await journal.close()
    }

    @Test func theServerEndsAStatementThatOutlivesTheTimeout() async throws {
        let journal = try await PostgresJournal(
            url: try TestPostgres.createDatabase(), password: nil, host: "a", logger: Logger(label: "test"), statementTimeout: .milliseconds(1500))
        let settings = try await journal.transaction { connection in
            var values: [String] = []
            for try await (value) in try await connection.query("SHOW statement_timeout", logger: Logger(label: "test")).decode(String.self) {
                values.append(value)
            }
            for try await (value) in try await connection.query("SHOW idle_in_transaction_session_timeout", logger: Logger(label: "test")).decode(String.self) {
                values.append(value)
            }
            return values
        }
        #expect(settings == ["1500ms", "1500ms"])
        // A statement longer than that fails on the server, well before the journal's own deadline.
        let start = ContinuousClock.now
        await #expect(throws: (any Error).self) {
            try await journal.transaction { connection in
                for try await _ in try await connection.query("SELECT pg_sleep(30)", logger: Logger(label: "test")) {}
            }
        }
        #expect(ContinuousClock.now - start < .seconds(10))
        await journal.close()
    }
}
