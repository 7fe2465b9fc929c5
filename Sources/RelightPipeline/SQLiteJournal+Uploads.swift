import Foundation
import GRDB
import Relighting

/// Every object a provider uploaded, recorded before its submit, so an object that a crash left in
/// the bucket is still known: the next start deletes it (``DaemonPreparation/deleteLeftoverUploads``).
/// Only the key and the facts needed to sign for it again are kept, never a URL.
extension SQLiteJournal {
    static func createUploadTable(_ db: Database) throws {
        try db.create(table: "upload") { table in
            table.primaryKey("key", .text)
            table.column("item_id", .integer).notNull().indexed().references("item", onDelete: .cascade)
            table.column("size", .integer).notNull()
            table.column("content_type", .text).notNull()
            table.column("sha256", .text).notNull()
            table.column("uploaded_at", .datetime).notNull()
            table.column("deleted_at", .datetime).indexed()
        }
    }


    /// Records an object uploaded for item `itemID`. Called before the submit.
    public func recordUpload(_ upload: StoredUpload, itemID: Int64, now: Date = Date()) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO upload (key, item_id, size, content_type, sha256, uploaded_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [upload.key, itemID, upload.size, upload.contentType, upload.sha256, now])
        }
    }

    /// Marks an object as deleted from the store.
    public func markUploadDeleted(key: String, now: Date = Date()) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE upload SET deleted_at = ? WHERE key = ? AND deleted_at IS NULL", arguments: [now, key])
        }
    }

    /// Forgets an object that the store keeps by configuration (nothing will ever delete it).
    public func forgetUpload(key: String) async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM upload WHERE key = ?", arguments: [key]) }
    }

    /// Undeleted uploads, split by what their items still need:
    /// - `leftover`: the item is done or failed, or open without a job id (it will be uploaded again);
    /// - `inUse`: the item is open with a job id, so the cloud API may still fetch the object.
    public func undeletedUploads() async throws -> (leftover: [Journal.PendingUpload], inUse: [Journal.PendingUpload]) {
        try await pool.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT upload.key, upload.item_id, upload.size, upload.content_type, upload.sha256, item.state, item.job_id
                FROM upload JOIN item ON item.id = upload.item_id
                WHERE upload.deleted_at IS NULL
                ORDER BY upload.uploaded_at, upload.key
                """)
            var leftover: [Journal.PendingUpload] = []
            var inUse: [Journal.PendingUpload] = []
            for row in rows {
                let pending = Journal.PendingUpload(
                    itemID: row["item_id"],
                    upload: StoredUpload(key: row["key"], size: row["size"], contentType: row["content_type"], sha256: row["sha256"]))
                let state = ItemState(rawValue: row["state"]) ?? .failed
                let jobID: String? = row["job_id"]
                if state.isOpen, jobID != nil { inUse.append(pending) } else { leftover.append(pending) }
            }
            return (leftover, inUse)
        }
    }

    /// Undeleted uploads of one item.
    public func undeletedUploads(itemID: Int64) async throws -> [StoredUpload] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT key, size, content_type, sha256 FROM upload WHERE item_id = ? AND deleted_at IS NULL ORDER BY uploaded_at",
                arguments: [itemID]
            ).map { StoredUpload(key: $0["key"], size: $0["size"], contentType: $0["content_type"], sha256: $0["sha256"]) }
        }
    }

    public func lastUploadSize(itemID: Int64) async throws -> Int64? {
        try await pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT size FROM upload WHERE item_id = ? ORDER BY uploaded_at DESC LIMIT 1", arguments: [itemID])
        }
    }
}
