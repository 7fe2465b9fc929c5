import Foundation
import PostgresNIO
import Relighting

extension PostgresJournal {
    /// A migration moves a whole journal in one transaction: it may take far longer than a claim.
    static let importTimeout: Duration = .seconds(3600)

    /// Inserts items that the journal does not hold yet (by content and fingerprint), in one
    /// transaction. Returns, for each old id, the id in this journal and whether it was inserted now.
    func importItems(_ items: [JournalItem]) async throws -> [Int64: (id: Int64, inserted: Bool)] {
        let mapping = try await transaction(answeringWithin: Self.importTimeout) { [self] connection -> [Int64: (id: Int64, inserted: Bool)] in
            var mapping: [Int64: (id: Int64, inserted: Bool)] = [:]
            for item in items {
                guard let old = item.id else { continue }
                var fresh = item
                // No lease crosses over: any host may claim an open item, and resumes it by its job id.
                fresh.leaseOwner = nil
                fresh.leaseUntil = nil
                let insert = PostgresItemRow.insert(fresh, onConflict: "ON CONFLICT (source_sha256, fingerprint) DO NOTHING")
                var newID: Int64?
                for try await row in try await connection.query(insert, logger: logger) { newID = try row.item().id }
                if let newID {
                    mapping[old] = (newID, true)
                    continue
                }
                for try await id in try await connection.query(
                    "SELECT id FROM item WHERE source_sha256 = \(item.sourceSHA256) AND fingerprint = \(item.fingerprint)", logger: logger
                ).decode(Int64.self) {
                    mapping[old] = (id, false)
                }
            }
            return mapping
        }
        await analyzeAfterBulkInsert(items.count)
        await announce()
        return mapping
    }

    func importSources(_ sources: [SQLiteJournal.SourceRecord]) async throws -> Int {
        try await transaction(answeringWithin: Self.importTimeout) { [self] connection in
            var copied = 0
            for source in sources {
                for try await _ in try await connection.query("""
                    INSERT INTO source (path, size, mtime, sha256, seen_at)
                    VALUES (\(source.path), \(source.size), \(source.mtime), \(source.sha256), \(source.seenAt))
                    ON CONFLICT (path) DO NOTHING RETURNING path
                    """, logger: logger)
                {
                    copied += 1
                }
            }
            return copied
        }
    }

    func importUploads(_ uploads: [SQLiteJournal.UploadRecord]) async throws -> Int {
        try await transaction(answeringWithin: Self.importTimeout) { [self] connection in
            var copied = 0
            for record in uploads {
                let upload = record.upload
                for try await _ in try await connection.query("""
                    INSERT INTO upload (key, item_id, size, content_type, sha256, uploaded_at, deleted_at)
                    VALUES (\(upload.key), \(record.itemID), \(upload.size), \(upload.contentType), \(upload.sha256), \
                    \(record.uploadedAt), \(record.deletedAt))
                    ON CONFLICT (key) DO NOTHING RETURNING key
                    """, logger: logger)
                {
                    copied += 1
                }
            }
            return copied
        }
    }
}
