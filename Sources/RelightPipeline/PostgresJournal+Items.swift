import Foundation
import PostgresNIO

extension PostgresJournal {
    /// Records an item as queued, unless the same (content, fingerprint) pair is already known to
    /// any host. Of two hosts that see the same file at once, one inserts and the other finds it.
    public func enqueue(_ item: JournalItem, now: Date = Date()) async throws -> Journal.EnqueueOutcome {
        var row = item
        row.state = .queued
        row.queuedAt = now
        let conflict = "ON CONFLICT (source_sha256, fingerprint) DO NOTHING"
        if let inserted = try await query(PostgresItemRow.insert(row, onConflict: conflict)).first {
            await announce()
            return .queued(try inserted.item())
        }
        let found = try await query(
            "SELECT \(unescaped: PostgresItemRow.columns) FROM item WHERE source_sha256 = \(item.sourceSHA256) AND fingerprint = \(item.fingerprint)")
        guard let existing = try found.first?.item() else {
            throw PostgresJournalError("the journal refused item \(item.sourceSHA256.prefix(12))… for \(item.profile) but holds no such item; try again")
        }
        return existing.state == .done ? .alreadyDone(existing) : .existing(existing)
    }

    /// Saves a changed item, if the claim it was read under still stands (its holder and token are current).
    /// One statement, atomic on its own: no transaction around it. A done or failed item gives
    /// its lease up with the same statement (``PostgresStatement/Save``).
    public func save(_ item: JournalItem) async throws {
        guard let id = item.id else { throw JournalError.missingItem(-1) }
        if try await !execute(PostgresStatement.Save(item: item)).isEmpty { return }
        guard try await self.item(id: id) != nil else { throw JournalError.missingItem(id) }
        throw LeaseLostError(itemID: id, host: host)
    }

    public func item(id: Int64) async throws -> JournalItem? {
        try await query("SELECT \(unescaped: PostgresItemRow.columns) FROM item WHERE id = \(id)").first?.item()
    }

    /// Another host's commits are announced (``announcements()``), not counted.
    public func externalChangeCounter() async throws -> Int { 0 }

    public func openItems() async throws -> [JournalItem] {
        try await query("SELECT \(unescaped: PostgresItemRow.columns) FROM item WHERE state IN (\(unescaped: PostgresSchema.open)) ORDER BY id")
            .map { try $0.item() }
    }

    public func items(sourcePath: String) async throws -> [JournalItem] {
        try await query("SELECT \(unescaped: PostgresItemRow.columns) FROM item WHERE source_path = \(sourcePath) ORDER BY id").map { try $0.item() }
    }

    public func items(sha256: String) async throws -> [JournalItem] {
        try await query("SELECT \(unescaped: PostgresItemRow.columns) FROM item WHERE source_sha256 = \(sha256) ORDER BY id").map { try $0.item() }
    }

    /// Puts failed items back in the queue, with their attempts reset; one that still has a job id
    /// is resumed by it (see ``SQLiteJournal/retry(ids:now:)``).
    public func retry(ids: [Int64]? = nil, now: Date = Date()) async throws -> [Int64] {
        let sql: PostgresQuery = """
            UPDATE item SET state = 'queued', attempts = 0, last_error = NULL, next_attempt_at = NULL, queued_at = \(now)
            WHERE state = 'failed' AND (\(ids == nil) OR id = ANY(\(ids ?? [])))
            RETURNING id
            """
        let requeued = try await query(sql).map { try $0.decode(Int64.self) }.sorted()
        if !requeued.isEmpty { await announce() }
        return requeued
    }

    // MARK: Sources

    public func recordSource(path: String, size: Int64, mtime: Double, sha256: String, now: Date = Date()) async throws {
        try await query("""
            INSERT INTO source (path, size, mtime, sha256, seen_at) VALUES (\(path), \(size), \(mtime), \(sha256), \(now))
            ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime = excluded.mtime, sha256 = excluded.sha256, seen_at = excluded.seen_at
            """)
    }

    public func hasSeenSource(path: String, sha256: String) async throws -> Bool {
        try await !query("SELECT 1 FROM source WHERE path = \(path) AND sha256 = \(sha256)").isEmpty
    }

    public func knownSource(path: String, size: Int64, mtime: Double) async throws -> String? {
        try await query("SELECT sha256 FROM source WHERE path = \(path) AND size = \(size) AND mtime = \(mtime)").first?.decode(String.self)
    }
}
