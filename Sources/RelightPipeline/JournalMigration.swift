import Foundation

/// `relight journal migrate --to postgresql://…`: copies a SQLite journal into a shared one.
///
/// Every item goes across with its state, job id, credits and outputs (open items are resumed by
/// their job id, never submitted again; done items keep deduplicating); so do the known sources
/// and the uploads. An item the target already holds (same content and profile fingerprint) is
/// left as it is, so running the migration twice changes nothing the second time.
public enum JournalMigration {
    public struct Report: Sendable, Equatable {
        public var itemsCopied = 0
        public var itemsAlreadyThere = 0
        public var sourcesCopied = 0
        public var uploadsCopied = 0
        /// Copied items per state.
        public var byState: [String: Int] = [:]
    }

    public static func copy(from source: SQLiteJournal, to target: PostgresJournal) async throws -> Report {
        var report = Report()
        let items = try await source.allItems()
        let mapping = try await target.importItems(items)
        for item in items {
            guard let id = item.id, let outcome = mapping[id] else { continue }
            if outcome.inserted {
                report.itemsCopied += 1
                report.byState[item.state.rawValue, default: 0] += 1
            } else {
                report.itemsAlreadyThere += 1
            }
        }
        report.sourcesCopied = try await target.importSources(try await source.allSources())
        let uploads = try await source.allUploads().compactMap { record -> SQLiteJournal.UploadRecord? in
            guard let mapped = mapping[record.itemID] else { return nil }
            var record = record
            record.itemID = mapped.id
            return record
        }
        report.uploadsCopied = try await target.importUploads(uploads)
        return report
    }
}
