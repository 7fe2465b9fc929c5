import Foundation
import PostgresNIO
import Relighting

extension PostgresJournal {
    public func recordUpload(_ upload: StoredUpload, itemID: Int64, now: Date = Date()) async throws {
        try await query("""
            INSERT INTO upload (key, item_id, size, content_type, sha256, uploaded_at)
            VALUES (\(upload.key), \(itemID), \(upload.size), \(upload.contentType), \(upload.sha256), \(now))
            ON CONFLICT (key) DO UPDATE SET item_id = excluded.item_id, size = excluded.size, content_type = excluded.content_type,
                sha256 = excluded.sha256, uploaded_at = excluded.uploaded_at, deleted_at = NULL
            """)
    }

    public func markUploadDeleted(key: String, now: Date = Date()) async throws {
        try await query("UPDATE upload SET deleted_at = \(now) WHERE key = \(key) AND deleted_at IS NULL")
    }

    public func forgetUpload(key: String) async throws {
        try await query("DELETE FROM upload WHERE key = \(key)")
    }

    public func undeletedUploads() async throws -> (leftover: [Journal.PendingUpload], inUse: [Journal.PendingUpload]) {
        let rows = try await query("""
            SELECT upload.key, upload.item_id, upload.size, upload.content_type, upload.sha256, item.state, item.job_id
            FROM upload JOIN item ON item.id = upload.item_id
            WHERE upload.deleted_at IS NULL
            ORDER BY upload.uploaded_at, upload.key
            """)
        var leftover: [Journal.PendingUpload] = []
        var inUse: [Journal.PendingUpload] = []
        for row in rows {
            let (key, itemID, size, contentType, sha256, state, jobID) = try row.decode((String, Int64, Int64, String, String, String, String?).self)
            let pending = Journal.PendingUpload(itemID: itemID, upload: StoredUpload(key: key, size: size, contentType: contentType, sha256: sha256))
            if (ItemState(rawValue: state) ?? .failed).isOpen, jobID != nil { inUse.append(pending) } else { leftover.append(pending) }
        }
        return (leftover, inUse)
    }

    public func undeletedUploads(itemID: Int64) async throws -> [StoredUpload] {
        try await query("""
            SELECT key, size, content_type, sha256 FROM upload WHERE item_id = \(itemID) AND deleted_at IS NULL ORDER BY uploaded_at
            """).map {
            let (key, size, contentType, sha256) = try $0.decode((String, Int64, String, String).self)
            return StoredUpload(key: key, size: size, contentType: contentType, sha256: sha256)
        }
    }

    public func lastUploadSize(itemID: Int64) async throws -> Int64? {
        try await query("SELECT size FROM upload WHERE item_id = \(itemID) ORDER BY uploaded_at DESC LIMIT 1").first?.decode(Int64.self)
    }
}
