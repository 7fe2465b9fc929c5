import Foundation
import GRDB

/// One host, one journal: nothing to share, so claims take no lease unless asked for the next
/// item (``claimNext(lease:)``, which the claim benchmark compares with PostgreSQL).
extension SQLiteJournal: JournalBackend {
    public var backendName: String { "sqlite" }
    public var isShared: Bool { false }

    public func claim(id: Int64, lease: Journal.Lease) async throws -> Journal.Claim {
        guard let item = try await item(id: id), item.state.isOpen else { return .unavailable }
        return .claimed(item)
    }

    public func claimNext(lease: Journal.Lease) async throws -> Journal.Claim {
        let seconds = Double(lease.timeout.components.seconds)
        return try await pool.write { db in
            let now = Date()
            var request = JournalItem
                .filter(Column("state") == ItemState.queued.rawValue)
                .filter(Column("lease_until") == nil || Column("lease_until") < now)
                .filter(Column("next_attempt_at") == nil || Column("next_attempt_at") <= now)
            if !lease.servedPaths.isEmpty { request = request.filter(lease.servedPaths.contains(Column("watch_path"))) }
            guard var item = try request.order(Column("id")).fetchOne(db) else { return .unavailable }
            item.leaseOwner = lease.host
            item.leaseUntil = now.addingTimeInterval(seconds)
            item.leaseToken += 1
            try item.update(db)
            return .claimed(item)
        }
    }

    public func release(_ item: JournalItem, host: String) async throws {
        // A done or failed item gave its lease up when it was saved.
        guard item.leaseOwner != nil, item.state.isOpen, let id = item.id else { return }
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE item SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_token = ?",
                arguments: [id, item.leaseToken])
        }
    }

    public func heartbeat(_ host: Journal.HostBeat) async throws -> Int { host.holding.count }
    public func hosts() async throws -> [Journal.HostRecord] { [] }
    public func sharedPause(now: Date) async throws -> Journal.SharedPause? { nil }
    public func setSharedPause(_ pause: Journal.SharedPause?) async throws {}
    public func announcements() -> AsyncStream<Void>? { nil }
    public func close() async {}
}
