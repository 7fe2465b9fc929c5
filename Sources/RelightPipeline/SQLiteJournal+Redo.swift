import Foundation
import GRDB

extension SQLiteJournal {

    /// Done items relit with an earlier version of a profile, one per source content, that have
    /// not been redone with the current version yet. Items of `relight run` (no watched folder)
    /// are left out: `relight run --force` redoes those.
    public func redoCandidates(_ selection: Journal.RedoSelection) async throws -> [JournalItem] {
        try await pool.read { db in
            var request = JournalItem
                .filter(Column("state") == ItemState.done.rawValue && Column("profile") == selection.profile)
                .filter(Column("fingerprint") != selection.fingerprint && Column("watch_path") != "")
            if let since = selection.since { request = request.filter(Column("finished_at") >= since) }
            var seen = Set<String>()
            var found: [JournalItem] = []
            for item in try request.order(Column("id").desc).fetchAll(db) {
                if let folder = selection.folder, item.watchPath != folder, !item.sourcePath.hasPrefix(folder + "/") { continue }
                guard seen.insert(item.sourceSHA256).inserted else { continue }
                let redone = try JournalItem
                    .filter(Column("source_sha256") == item.sourceSHA256 && Column("fingerprint") == selection.fingerprint)
                    .fetchCount(db)
                if redone == 0 { found.append(item) }
            }
            return found.reversed()
        }
    }

    /// Queues a new item with the current profile for each earlier one, in one transaction.
    /// Returns how many were queued (an item redone meanwhile is skipped).
    @discardableResult
    public func queueRedo(of items: [JournalItem], fingerprint: String, provider: String, now: Date = Date()) async throws -> Int {
        try await pool.write { db in
            var queued = 0
            for old in items {
                var item = JournalItem(
                    sourceSHA256: old.sourceSHA256, profile: old.profile, fingerprint: fingerprint, sourcePath: old.sourcePath,
                    watchPath: old.watchPath, provider: provider, state: .queued, detectedAt: now)
                item.queuedAt = now
                do {
                    try item.insert(db)
                    queued += 1
                } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                    continue
                }
            }
            return queued
        }
    }
}
