import Foundation
import GRDB

extension SQLiteJournal {


    /// Items newest first (by id), optionally in one state, with ids below `before`: keyset pagination,
    /// so every page costs the same however deep it is.
    public func jobs(state: ItemState? = nil, limit: Int = 50, before: Int64? = nil) async throws -> Journal.JobsPage {
        let limit = min(max(1, limit), Journal.maximumPageSize)
        return try await pool.read { db in
            var request = JournalItem.all()
            if let state { request = request.filter(Column("state") == state.rawValue) }
            if let before { request = request.filter(Column("id") < before) }
            let rows = try request.order(Column("id").desc).limit(limit + 1).fetchAll(db)
            let page = Array(rows.prefix(limit))
            return Journal.JobsPage(items: page, nextBefore: rows.count > limit ? page.last?.id : nil)
        }
    }

    /// Counts per state for each watched folder (`watch_path`; empty for `relight run`).
    public func countsByFolder() async throws -> [String: [String: Int]] {
        try await pool.read { db in
            var counts: [String: [String: Int]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT watch_path, state, COUNT(*) AS n FROM item GROUP BY watch_path, state") {
                counts[row["watch_path"] as String, default: [:]][row["state"] as String] = row["n"]
            }
            return counts
        }
    }

    /// Inserts many items in one transaction (for imports and tests); returns their ids.
    @discardableResult
    public func insert(_ items: [JournalItem]) async throws -> [Int64] {
        try await pool.write { db in
            var ids: [Int64] = []
            ids.reserveCapacity(items.count)
            for var item in items {
                try item.insert(db)
                if let id = item.id { ids.append(id) }
            }
            return ids
        }
    }
}
