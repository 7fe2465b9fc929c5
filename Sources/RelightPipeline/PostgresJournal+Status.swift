import Foundation
import PostgresNIO
import RelightConfig

extension PostgresJournal {
    public func jobs(state: ItemState? = nil, limit: Int = 50, before: Int64? = nil) async throws -> Journal.JobsPage {
        let limit = min(max(1, limit), Journal.maximumPageSize)
        let rows = try await query("""
            SELECT \(unescaped: PostgresItemRow.columns) FROM item
            WHERE (\(state == nil) OR state = \(state?.rawValue ?? "")) AND id < \(before ?? Int64.max)
            ORDER BY id DESC LIMIT \(limit + 1)
            """).map { try $0.item() }
        let page = Array(rows.prefix(limit))
        return Journal.JobsPage(items: page, nextBefore: rows.count > limit ? page.last?.id : nil)
    }

    public func countsByFolder() async throws -> [String: [String: Int]] {
        var counts: [String: [String: Int]] = [:]
        for row in try await query("SELECT watch_path, state, COUNT(*) FROM item GROUP BY watch_path, state") {
            let (folder, state, count) = try row.decode((String, String, Int64).self)
            counts[folder, default: [:]][state] = Int(count)
        }
        return counts
    }

    /// Inserts many items in one transaction, 500 rows per statement; returns their ids in order.
    public func insert(_ items: [JournalItem]) async throws -> [Int64] {
        var statements: [PostgresQuery] = []
        var start = 0
        while start < items.count {
            let batch = items[start..<min(start + 500, items.count)]
            statements.append(try PostgresItemRow.insert(Array(batch)))
            start += 500
        }
        let ids = try await transaction { [self, statements] connection -> [Int64] in
            var ids: [Int64] = []
            for statement in statements {
                for try await id in try await connection.query(statement, logger: logger).decode(Int64.self) { ids.append(id) }
            }
            return ids
        }
        await analyzeAfterBulkInsert(items.count)
        await announce()
        return ids
    }

    /// Refreshes the planner's statistics after many rows arrived at once (an import, a benchmark's
    /// fill). With stale ones PostgreSQL takes the queue for small and sorts every open item for
    /// each claim, instead of walking the open-items index to the first claimable one. Items that
    /// arrive one at a time are left to autovacuum.
    func analyzeAfterBulkInsert(_ count: Int) async {
        guard count >= 1_000 else { return }
        _ = try? await query("ANALYZE item")
    }

    public func redoCandidates(_ selection: Journal.RedoSelection) async throws -> [JournalItem] {
        let rows = try await query("""
            SELECT \(unescaped: PostgresItemRow.columns) FROM item AS old
            WHERE state = 'done' AND profile = \(selection.profile) AND fingerprint <> \(selection.fingerprint) AND watch_path <> ''
              AND (\(selection.since == nil) OR finished_at >= \(selection.since ?? .distantPast))
              AND NOT EXISTS (SELECT 1 FROM item AS new WHERE new.source_sha256 = old.source_sha256 AND new.fingerprint = \(selection.fingerprint))
            ORDER BY id DESC
            """).map { try $0.item() }
        var seen = Set<String>()
        var found: [JournalItem] = []
        for item in rows {
            if let folder = selection.folder, item.watchPath != folder, !item.sourcePath.hasPrefix(folder + "/") { continue }
            if seen.insert(item.sourceSHA256).inserted { found.append(item) }
        }
        return found.reversed()
    }

    public func queueRedo(of items: [JournalItem], fingerprint: String, provider: String, now: Date = Date()) async throws -> Int {
        var queued = 0
        for old in items {
            var item = JournalItem(
                sourceSHA256: old.sourceSHA256, profile: old.profile, fingerprint: fingerprint, sourcePath: old.sourcePath,
                watchPath: old.watchPath, provider: provider, state: .queued, detectedAt: now)
            item.queuedAt = now
            let rows = try await query(PostgresItemRow.insert(item, onConflict: "ON CONFLICT (source_sha256, fingerprint) DO NOTHING"))
            queued += rows.count
        }
        if queued > 0 { await announce() }
        return queued
    }

    public func recentSources(profile: String, limit: Int = 8) async throws -> [String] {
        let paths = try await query("SELECT source_path FROM item WHERE profile = \(profile) AND state = 'done' AND watch_path <> '' ORDER BY id DESC LIMIT \(limit * 4)")
            .map { try $0.decode(String.self) }
        var seen = Set<String>()
        return Array(paths.filter { seen.insert($0).inserted }.prefix(limit))
    }

    public func summary(failureLimit: Int = 10, now: Date = Date(), calendar: Calendar = .current) async throws -> Journal.Summary {
        let startOfDay = calendar.startOfDay(for: now)
        var counts: [String: Int] = [:]
        for row in try await query("SELECT state, COUNT(*) FROM item GROUP BY state") {
            let (state, count) = try row.decode((String, Int64).self)
            counts[state] = Int(count)
        }
        let today = try await creditsSpent(since: startOfDay)
        let total = try await query("SELECT COALESCE(SUM(credits), 0) FROM item").first?.decode(Double.self) ?? 0
        let failed = try await query("""
            SELECT \(unescaped: PostgresItemRow.columns) FROM item WHERE state = 'failed'
            ORDER BY finished_at DESC NULLS LAST, id DESC LIMIT \(failureLimit)
            """).map { try $0.item() }
        let failures = failed.map {
            Journal.Summary.Failure(
                id: $0.id ?? 0, sourcePath: PathBytes.display($0.sourcePath), profile: $0.profile, attempts: $0.attempts,
                error: PathBytes.display($0.lastError ?? "unknown error"), finishedAt: $0.finishedAt)
        }
        return Journal.Summary(counts: counts, creditsToday: today, creditsTotal: total, failures: failures)
    }

    public func creditsSpent(since start: Date) async throws -> Double {
        try await query("SELECT COALESCE(SUM(credits), 0) FROM item WHERE submitted_at >= \(start)").first?.decode(Double.self) ?? 0
    }
}
