import Foundation
import GRDB
import RelightConfig

extension SQLiteJournal {

    /// Counts per state, credits spent today (local time) and in total, and the most recent failures.
    public func summary(failureLimit: Int = 10, now: Date = Date(), calendar: Calendar = .current) async throws -> Journal.Summary {
        let startOfDay = calendar.startOfDay(for: now)
        return try await pool.read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM item GROUP BY state") {
                counts[row["state"]] = row["n"]
            }
            let today = try Double.fetchOne(
                db, sql: "SELECT COALESCE(SUM(credits), 0) FROM item WHERE submitted_at >= ?", arguments: [startOfDay]) ?? 0
            let total = try Double.fetchOne(db, sql: "SELECT COALESCE(SUM(credits), 0) FROM item") ?? 0
            let failed = try JournalItem.filter(Column("state") == ItemState.failed.rawValue)
                .order(Column("finished_at").desc, Column("id").desc).limit(failureLimit).fetchAll(db)
            let failures = failed.map {
                Journal.Summary.Failure(
                    id: $0.id ?? 0, sourcePath: PathBytes.display($0.sourcePath), profile: $0.profile, attempts: $0.attempts,
                    error: PathBytes.display($0.lastError ?? "unknown error"), finishedAt: $0.finishedAt)
            }
            return Journal.Summary(counts: counts, creditsToday: today, creditsTotal: total, failures: failures)
        }
    }

    /// Credits charged since the start of today (local time), for the daily budget.
    public func creditsSpent(since start: Date) async throws -> Double {
        try await pool.read { db in
            try Double.fetchOne(db, sql: "SELECT COALESCE(SUM(credits), 0) FROM item WHERE submitted_at >= ?", arguments: [start]) ?? 0
        }
    }
}
