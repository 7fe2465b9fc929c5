import Foundation
import GRDB
import Relighting

/// Everything `relight journal migrate` copies out of a SQLite journal.
extension SQLiteJournal {
    public struct SourceRecord: Sendable, Hashable {
        public var path: String
        public var size: Int64
        public var mtime: Double
        public var sha256: String
        public var seenAt: Date
    }

    public struct UploadRecord: Sendable, Hashable {
        public var itemID: Int64
        public var upload: StoredUpload
        public var uploadedAt: Date
        public var deletedAt: Date?
    }

    public func allItems() async throws -> [JournalItem] {
        try await pool.read { db in try JournalItem.order(Column("id")).fetchAll(db) }
    }

    public func allSources() async throws -> [SourceRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT path, size, mtime, sha256, seen_at FROM source ORDER BY path").map {
                SourceRecord(path: $0["path"], size: $0["size"], mtime: $0["mtime"], sha256: $0["sha256"], seenAt: $0["seen_at"])
            }
        }
    }

    public func allUploads() async throws -> [UploadRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT key, item_id, size, content_type, sha256, uploaded_at, deleted_at FROM upload ORDER BY key").map {
                UploadRecord(
                    itemID: $0["item_id"],
                    upload: StoredUpload(key: $0["key"], size: $0["size"], contentType: $0["content_type"], sha256: $0["sha256"]),
                    uploadedAt: $0["uploaded_at"], deletedAt: $0["deleted_at"])
            }
        }
    }
}
