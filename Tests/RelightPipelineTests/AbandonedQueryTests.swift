import Foundation
import Logging
import PostgresNIO
import Testing
@testable import RelightPipeline

/// A query given up at its answer deadline gives its connection back: otherwise every stuck query
/// (seen when PostgreSQL stops mid-query) keeps one of the pool's 8 connections until the daemon
/// restarts, and after a few outages no journal call gets a connection at all.
@Suite(.enabled(if: TestPostgres.url != nil, "needs RELIGHT_TEST_POSTGRES_URL (make test starts a PostgreSQL)"), .timeLimit(.minutes(2)))
struct AbandonedQueryTests {
    @Test func queriesGivenUpFreeTheirConnections() async throws {
        let journal = try await PostgresJournal(url: try TestPostgres.createDatabase(), password: nil, host: "a", logger: Logger(label: "test"))
        // As many stuck queries as the pool has connections (8); each is given up after its deadline
        // (10 s to connect, then 1 s to answer), long before the server would answer.
        let start = ContinuousClock.now
        let failures = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    do {
                        try await journal.transaction(answeringWithin: .seconds(1)) { connection in
                            _ = try await connection.query("SELECT pg_sleep(60)", logger: Logger(label: "test"))
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
        // The pool works at once: with the 8 connections still leased to sleeping queries, this would
        // wait for a connection until its 10 s connect deadline and fail.
        let asked = ContinuousClock.now
        #expect(try await journal.items(sha256: String(repeating: "0", count: 64)).isEmpty)
        #expect(ContinuousClock.now - asked < .seconds(5), "answered in \(ContinuousClock.now - asked)")
        await journal.close()
    }
}
