import Foundation
import PostgresNIO

/// The statements every item runs through, prepared once per connection: a claim and the saves
/// of its steps are each one statement, parsed and planned once rather than on every call.
enum PostgresStatement {
    /// The lease a claim takes: this host, an expiry, and a new token that fences later writes.
    static let lease = "lease_owner = $1, lease_until = now() + make_interval(secs => $2), lease_token = lease_token + 1"

    /// Takes the oldest claimable item of the served folders: open, not held by a live lease, due,
    /// and not being claimed by another host right now (`SKIP LOCKED`: skipped, not waited for).
    /// Locking, checking and leasing happen in the one statement, which is atomic on its own.
    struct ClaimNext: PostgresPreparedStatement {
        /// Named here: PostgresNIO's default name is the type's name, built anew (`String(reflecting:)`) on every call.
        static let name = "relight_claim_next"
        static let sql = """
            UPDATE item SET \(lease)
            WHERE id = (SELECT id FROM item WHERE state IN (\(PostgresSchema.open)) AND (lease_owner IS NULL OR lease_until < now())
              AND (next_attempt_at IS NULL OR next_attempt_at <= now()) AND watch_path = ANY($3)
              ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING \(PostgresItemRow.columns)
            """
        static let bindingDataTypes: [PostgresDataType] = [.text, .float8, .textArray]

        var host: String
        var seconds: Double
        var paths: [String]

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 3)
            bindings.append(host)
            bindings.append(seconds)
            bindings.append(paths)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> JournalItem { try row.item() }
    }

    /// Takes item `id`, unless it is finished or another host holds a live lease on it.
    struct Claim: PostgresPreparedStatement {
        /// Named here: PostgresNIO's default name is the type's name, built anew (`String(reflecting:)`) on every call.
        static let name = "relight_claim"
        static let sql = """
            UPDATE item SET \(lease)
            WHERE id = (SELECT id FROM item WHERE id = $3 AND state IN (\(PostgresSchema.open))
              AND (lease_owner IS NULL OR lease_until < now() OR lease_owner = $1) FOR UPDATE SKIP LOCKED)
            RETURNING \(PostgresItemRow.columns)
            """
        static let bindingDataTypes: [PostgresDataType] = [.text, .float8, .int8]

        var host: String
        var seconds: Double
        var id: Int64

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 3)
            bindings.append(host)
            bindings.append(seconds)
            bindings.append(id)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> JournalItem { try row.item() }
    }

    /// Every field the pipeline changes, fenced by the lease (owner and token) the item was read
    /// with. The owner matters too: a claim commits without waiting for the disk, and one that a
    /// database crash lost lets another host's claim reach the same token.
    ///
    /// The lease columns are left to claims and heartbeats, except that a done or failed item
    /// gives its lease up in the same statement: nothing more is done for it under a lease, and
    /// a separate release would cost a round trip and a commit per item. Credits set aside end
    /// once a job id exists or the item is finished.
    struct Save: PostgresPreparedStatement {
        /// Named here: PostgresNIO's default name is the type's name, built anew (`String(reflecting:)`) on every call.
        static let name = "relight_save"
        static let finished = "$4::text IN ('done', 'failed')"
        static let sql = """
            UPDATE item SET source_path = $1, watch_path = $2, provider = $3, state = $4, attempts = $5, job_id = $6, credits = $7,
                last_error = $8, outputs = $9, sidecar = $10, queued_at = $11, started_at = $12, submitted_at = $13,
                finished_at = $14, next_attempt_at = $15,
                reserved_credits = CASE WHEN $6::text IS NULL AND NOT \(finished) THEN reserved_credits ELSE 0 END,
                lease_owner = CASE WHEN \(finished) THEN NULL ELSE lease_owner END,
                lease_until = CASE WHEN \(finished) THEN NULL ELSE lease_until END
            WHERE id = $16 AND lease_token = $17 AND lease_owner IS NOT DISTINCT FROM $18::text
            RETURNING id
            """
        /// Given, not inferred: the server would take `attempts` for an `integer` and refuse the 8 bytes of an `Int`.
        static let bindingDataTypes: [PostgresDataType] =
            [.text, .text, .text, .text, .int8, .text, .float8, .text, .text, .text]
            + [PostgresDataType](repeating: .timestamptz, count: 5) + [.int8, .int8, .text]

        var item: JournalItem

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 18)
            bindings.append(item.sourcePath)
            bindings.append(item.watchPath)
            bindings.append(item.provider)
            bindings.append(item.state.rawValue)
            bindings.append(item.attempts)
            bindings.append(item.jobID)
            bindings.append(item.credits)
            bindings.append(item.lastError)
            bindings.append(PostgresItemRow.outputsText(item.outputs))
            bindings.append(item.sidecar)
            bindings.append(item.queuedAt)
            bindings.append(item.startedAt)
            bindings.append(item.submittedAt)
            bindings.append(item.finishedAt)
            bindings.append(item.nextAttemptAt)
            bindings.append(item.id ?? -1)
            bindings.append(item.leaseToken)
            bindings.append(item.leaseOwner)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Int64 { try row.decode(Int64.self) }
    }
}
