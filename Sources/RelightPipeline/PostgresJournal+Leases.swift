import Foundation
import Logging
import PostgresNIO
import RelightConfig

extension PostgresJournal: JournalBackend {
    public var backendName: String { url.description }
    public var isShared: Bool { true }

    /// The advisory lock that serialises budget checks across hosts ("budget" in ASCII).
    static let budgetLock: Int64 = 0x627564676574

    public func claim(id: Int64, lease: Journal.Lease) async throws -> Journal.Claim {
        if lease.budget == nil {
            // One statement: the row is locked, checked and leased at once; a row another host is
            // claiming right now is skipped, not waited for.
            let claimed = try await execute(PostgresStatement.Claim(host: lease.host, seconds: Self.seconds(lease.timeout), id: id), claim: true)
            return claimed.first.map { .claimed($0) } ?? .unavailable
        }
        return try await transaction(claim: true) { [self] connection in
            let rows = try await connection.query("""
                SELECT \(unescaped: PostgresItemRow.columns) FROM item WHERE id = \(id) AND state IN (\(unescaped: PostgresSchema.open))
                  AND (lease_owner IS NULL OR lease_until < now() OR lease_owner = \(lease.host))
                FOR UPDATE SKIP LOCKED
                """, logger: logger)
            for try await row in rows { return try await take(try row.item(), lease: lease, on: connection) }
            return .unavailable
        }
    }

    public func claimNext(lease: Journal.Lease) async throws -> Journal.Claim {
        let paths = lease.servedPaths
        if lease.budget == nil {
            let claimed = try await execute(PostgresStatement.ClaimNext(host: lease.host, seconds: Self.seconds(lease.timeout), paths: paths), claim: true)
            return claimed.first.map { .claimed($0) } ?? .unavailable
        }
        return try await transaction(claim: true) { [self] connection in
            for try await row in try await connection.query("""
                SELECT \(unescaped: PostgresItemRow.columns) FROM item WHERE state IN (\(unescaped: PostgresSchema.open))
                  AND (lease_owner IS NULL OR lease_until < now()) AND (next_attempt_at IS NULL OR next_attempt_at <= now())
                  AND watch_path = ANY(\(paths))
                ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED
                """, logger: logger)
            {
                return try await take(try row.item(), lease: lease, on: connection)
            }
            return .unavailable
        }
    }

    /// Leases a locked item, after checking the shared budget when it will be submitted anew.
    /// Runs inside the claim's transaction, under an advisory lock, so two hosts cannot both
    /// spend the last credits. Like every claim it commits without waiting for the disk, so the
    /// lock is not held through an fsync; a reservation a database crash lost goes with its
    /// claim, whose first save (before any submit) then finds no row to match.
    func take(_ item: JournalItem, lease: Journal.Lease, on connection: PostgresConnection) async throws -> Journal.Claim {
        var reserve = 0.0
        if let budget = lease.budget, item.jobID == nil, let cost = budget.estimates[item.profile], cost > 0 {
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.budgetLock))", logger: logger)
            var spent = 0.0
            for try await value in try await connection.query("""
                SELECT (SELECT COALESCE(SUM(credits), 0) FROM item WHERE submitted_at >= \(budget.startOfDay))
                     + (SELECT COALESCE(SUM(reserved_credits), 0) FROM item
                        WHERE reserved_credits > 0 AND job_id IS NULL AND lease_until > now() AND id <> \(item.id ?? -1))
                """, logger: logger).decode(Double.self)
            {
                spent = value
            }
            if spent + cost > budget.creditsPerDay { return .overBudget(spent: spent) }
            reserve = cost
        }
        // The lease (and the credits set aside with it) runs from now, not from the start of the
        // transaction (now()), which may have waited long for the budget's lock: a reservation
        // that lapsed before its holder's save would let other hosts spend the same credits.
        for try await row in try await connection.query("""
            UPDATE item SET lease_owner = \(lease.host), lease_until = clock_timestamp() + make_interval(secs => \(Self.seconds(lease.timeout))),
                lease_token = lease_token + 1, reserved_credits = \(reserve)
            WHERE id = \(item.id ?? -1)
            RETURNING \(unescaped: PostgresItemRow.columns)
            """, logger: logger)
        {
            return .claimed(try row.item())
        }
        return .unavailable
    }

    /// A done or failed item gave its lease up when it was saved: nothing is left to release.
    public func release(_ item: JournalItem, host: String) async throws {
        guard let id = item.id, item.state.isOpen else { return }
        let rows = try await query("""
            UPDATE item SET lease_owner = NULL, lease_until = NULL, reserved_credits = 0
            WHERE id = \(id) AND lease_owner = \(host) AND lease_token = \(item.leaseToken)
            RETURNING state
            """)
        if let state = try rows.first?.decode(String.self), ItemState(rawValue: state)?.isOpen == true { await announce() }
    }

    public func heartbeat(_ beat: Journal.HostBeat) async throws -> Int {
        let seconds = Self.seconds(beat.leaseTimeout)
        return try await transaction { [self] connection in
            var renewed = 0
            for try await _ in try await connection.query("""
                UPDATE item SET lease_until = now() + make_interval(secs => \(seconds))
                WHERE lease_owner = \(beat.host) AND id = ANY(\(beat.holding)) RETURNING id
                """, logger: logger)
            {
                renewed += 1
            }
            try await connection.query("""
                INSERT INTO host (id, served_paths, heartbeat_at, started_at, lease_timeout, status_listen)
                VALUES (\(beat.host), \(beat.servedPaths), now(), \(beat.startedAt), \(seconds), \(beat.statusListen))
                ON CONFLICT (id) DO UPDATE SET served_paths = excluded.served_paths, heartbeat_at = now(),
                    started_at = excluded.started_at, lease_timeout = excluded.lease_timeout, status_listen = excluded.status_listen
                """, logger: logger)
            return renewed
        }
    }

    public func hosts() async throws -> [Journal.HostRecord] {
        // What each host holds: its live leases, oldest first, the first few listed by name.
        var held: [String: [Journal.HeldItem]] = [:]
        for row in try await query("""
            SELECT lease_owner, id, source_path, profile, state, lease_until FROM (
                SELECT lease_owner, id, source_path, profile, state, lease_until,
                       row_number() OVER (PARTITION BY lease_owner ORDER BY id) AS place
                FROM item WHERE state IN (\(unescaped: PostgresSchema.open)) AND lease_owner IS NOT NULL AND lease_until > now()) AS leased
            WHERE place <= \(Journal.HostRecord.heldShown) ORDER BY lease_owner, id
            """)
        {
            let (owner, id, path, profile, state, until) = try row.decode((String, Int64, String, String, String, Date).self)
            held[owner, default: []].append(
                Journal.HeldItem(id: id, sourcePath: path, profile: profile, state: ItemState(rawValue: state) ?? .queued, leaseUntil: until))
        }
        return try await query("""
            SELECT id, served_paths, heartbeat_at, started_at, status_listen,
                   heartbeat_at > now() - make_interval(secs => lease_timeout),
                   (SELECT COUNT(*) FROM item WHERE state IN (\(unescaped: PostgresSchema.open)) AND lease_owner = host.id AND lease_until > now())
            FROM host ORDER BY id
            """).map { row in
            let (id, paths, heartbeat, started, listen, alive, holding) = try row.decode((String, [String], Date, Date, String?, Bool, Int64).self)
            return Journal.HostRecord(
                id: id, servedPaths: paths, heartbeatAt: heartbeat, startedAt: started, holding: Int(holding), held: held[id] ?? [],
                statusListen: listen, alive: alive)
        }
    }

    public func sharedPause(now: Date) async throws -> Journal.SharedPause? {
        try await query("SELECT reason, until, host FROM pause WHERE id = 1 AND until > \(now)").first.map { row in
            let (reason, until, host) = try row.decode((String, Date, String).self)
            return Journal.SharedPause(reason: reason, until: until, host: host)
        }
    }

    public func setSharedPause(_ pause: Journal.SharedPause?) async throws {
        guard let pause else {
            try await query("DELETE FROM pause WHERE id = 1")
            await announce()
            return
        }
        try await query("""
            INSERT INTO pause (id, reason, until, host) VALUES (1, \(pause.reason), \(pause.until), \(pause.host))
            ON CONFLICT (id) DO UPDATE SET reason = excluded.reason, until = excluded.until, host = excluded.host
            """)
    }

    public func announcements() -> AsyncStream<Void>? { announced }

    public func close() async {
        listener.cancel()
        runner.cancel()
        claimRunner.cancel()
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// Listens for announcements on a connection of its own, reconnecting with backoff; each
    /// (re)connection counts as an announcement, since some may have been missed meanwhile.
    static func listen(
        configuration: PostgresConnection.Configuration, host: String, to continuation: AsyncStream<Void>.Continuation, logger: Logger
    ) async {
        var delay = 0.5
        let quiet = Logger(label: "relight.postgres.listen", factory: { _ in SwiftLogNoOpLogHandler() })
        while !Task.isCancelled {
            do {
                let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: quiet)
                delay = 0.5
                continuation.yield()
                do {
                    try await connection.listen(on: "relight_work") { notifications in
                        for try await notification in notifications where notification.payload != host {
                            continuation.yield()
                        }
                    }
                } catch {}
                try? await connection.close()
            } catch {}
            try? await Task.sleep(for: .seconds(delay))
            delay = min(delay * 2, 15)
        }
        continuation.finish()
    }
}
