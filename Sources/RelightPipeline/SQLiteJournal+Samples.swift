import Foundation
import GRDB

extension SQLiteJournal {
    /// Sources of the newest done items with `profile` from watched folders, newest first and
    /// without repeats: the profile gallery previews a profile on a photo from one of its own
    /// folders (not on a failed or `relight run` one).
    public func recentSources(profile: String, limit: Int = 8) async throws -> [String] {
        try await pool.read { db in
            let paths = try String.fetchAll(
                db, sql: "SELECT source_path FROM item WHERE profile = ? AND state = 'done' AND watch_path <> '' ORDER BY id DESC LIMIT ?", arguments: [profile, limit * 4])
            var seen = Set<String>()
            return Array(paths.filter { seen.insert($0).inserted }.prefix(limit))
        }
    }
}
