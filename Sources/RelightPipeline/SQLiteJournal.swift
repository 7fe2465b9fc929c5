import Foundation
import GRDB

/// The journal of one host: SQLite in WAL mode under `state_dir`.
///
/// Every state change is committed before the work it announces, so a crash at any moment
/// leaves a row that says what to do next: resume a job by its id, or submit once.
public final class SQLiteJournal: Sendable {
    let pool: DatabasePool
    public let path: String

    /// Opens (creating if needed) the journal in `stateDirectory`.
    public init(stateDirectory: String) throws {
        try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
        path = (stateDirectory as NSString).appendingPathComponent("journal.sqlite")
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        pool = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(pool)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "item") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("source_sha256", .text).notNull()
                table.column("profile", .text).notNull()
                table.column("fingerprint", .text).notNull()
                table.column("source_path", .text).notNull()
                table.column("watch_path", .text).notNull()
                table.column("provider", .text).notNull()
                table.column("state", .text).notNull().indexed()
                table.column("attempts", .integer).notNull().defaults(to: 0)
                table.column("job_id", .text)
                table.column("credits", .double).notNull().defaults(to: 0)
                table.column("last_error", .text)
                table.column("outputs", .jsonText).notNull().defaults(to: "[]")
                table.column("sidecar", .text)
                table.column("detected_at", .datetime).notNull()
                table.column("queued_at", .datetime)
                table.column("started_at", .datetime)
                table.column("submitted_at", .datetime).indexed()
                table.column("finished_at", .datetime)
                table.column("next_attempt_at", .datetime)
                table.uniqueKey(["source_sha256", "fingerprint"])
            }
            try db.create(table: "source") { table in
                table.primaryKey("path", .text)
                table.column("size", .integer).notNull()
                table.column("mtime", .double).notNull()
                table.column("sha256", .text).notNull().indexed()
                table.column("seen_at", .datetime).notNull()
            }
        }
        migrator.registerMigration("v2-uploads") { db in
            try Self.createUploadTable(db)
        }
        // The columns a shared journal uses for leases; one host leaves them empty, but a
        // SQLite journal migrated to PostgreSQL carries the same rows.
        migrator.registerMigration("v3-leases") { db in
            try db.alter(table: "item") { table in
                table.add(column: "lease_owner", .text)
                table.add(column: "lease_until", .datetime)
                table.add(column: "lease_token", .integer).notNull().defaults(to: 0)
                table.add(column: "reserved_credits", .double).notNull().defaults(to: 0)
            }
        }
        return migrator
    }

    // MARK: Items


    /// Records an item as queued, unless the same (content, fingerprint) pair is already known.
    public func enqueue(_ item: JournalItem, now: Date = Date()) async throws -> Journal.EnqueueOutcome {
        try await pool.write { db in
            if let existing = try JournalItem
                .filter(Column("source_sha256") == item.sourceSHA256 && Column("fingerprint") == item.fingerprint)
                .fetchOne(db)
            {
                return existing.state == .done ? .alreadyDone(existing) : .existing(existing)
            }
            var row = item
            row.state = .queued
            row.queuedAt = now
            try row.insert(db)
            return .queued(row)
        }
    }

    /// Saves a changed item. A done or failed item gives up its lease (if it took one) with it.
    public func save(_ item: JournalItem) async throws {
        var row = item
        if !row.state.isOpen {
            row.leaseOwner = nil
            row.leaseUntil = nil
            row.reservedCredits = 0
        }
        try await pool.write { [row] db in try row.update(db) }
    }

    public func item(id: Int64) async throws -> JournalItem? {
        try await pool.read { db in try JournalItem.fetchOne(db, key: id) }
    }

    /// Items a restart must pick up: everything neither done nor failed, oldest first.
    /// A number that changes whenever another process (`relight retry`, a second `relight run`)
    /// commits to the journal; this process's own writes leave it as it is. Lets the daemon skip
    /// rereading the open items while nothing outside it has touched the journal.
    public func externalChangeCounter() async throws -> Int {
        // Read on the writer connection: SQLite's data_version counts commits made by every
        // connection but the one asking, and this pool's readers never commit.
        try await pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
    }

    public func openItems() async throws -> [JournalItem] {
        try await pool.read { db in
            try JournalItem.filter(ItemState.open.map(\.rawValue).contains(Column("state"))).order(Column("id")).fetchAll(db)
        }
    }

    /// Every item for a source path, for deciding whether the source can be disposed of.
    public func items(sourcePath: String) async throws -> [JournalItem] {
        try await pool.read { db in try JournalItem.filter(Column("source_path") == sourcePath).fetchAll(db) }
    }

    /// Puts failed items back in the queue, with their attempts reset. Returns the ids requeued.
    /// An item that still has a job id is resumed by it, not submitted and charged again: the
    /// runner forgets the id of a job that can deliver nothing more (it failed, its result is gone).
    @discardableResult
    public func retry(ids: [Int64]? = nil, now: Date = Date()) async throws -> [Int64] {
        try await pool.write { db in
            var request = JournalItem.filter(Column("state") == ItemState.failed.rawValue)
            if let ids { request = request.filter(ids.contains(Column("id"))) }
            var requeued: [Int64] = []
            for var item in try request.fetchAll(db) {
                item.state = .queued
                item.attempts = 0
                item.lastError = nil
                item.nextAttemptAt = nil
                item.queuedAt = now
                try item.update(db)
                if let id = item.id { requeued.append(id) }
            }
            return requeued
        }
    }

    // MARK: Sources

    /// Remembers that `path` with this size and mtime has content `sha256`, so a restart need not re-hash it.
    public func recordSource(path: String, size: Int64, mtime: Double, sha256: String, now: Date = Date()) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO source (path, size, mtime, sha256, seen_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [path, size, mtime, sha256, now])
        }
    }

    /// Whether the journal has seen this file before: the same path with the same content, as
    /// recorded by ``recordSource(path:size:mtime:sha256:now:)`` once its items were journaled.
    public func hasSeenSource(path: String, sha256: String) async throws -> Bool {
        try await pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM source WHERE path = ? AND sha256 = ?)", arguments: [path, sha256]) ?? false
        }
    }

    /// Every item of one source content, oldest first.
    public func items(sha256: String) async throws -> [JournalItem] {
        try await pool.read { db in
            try JournalItem.filter(Column("source_sha256") == sha256).order(Column("id")).fetchAll(db)
        }
    }

    /// The content hash recorded for `path`, if its size and mtime are unchanged since.
    public func knownSource(path: String, size: Int64, mtime: Double) async throws -> String? {
        try await pool.read { db in
            try String.fetchOne(
                db, sql: "SELECT sha256 FROM source WHERE path = ? AND size = ? AND mtime = ?", arguments: [path, size, mtime])
        }
    }
}
