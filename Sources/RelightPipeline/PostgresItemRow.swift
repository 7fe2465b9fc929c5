import Foundation
import PostgresNIO

/// How a ``JournalItem`` is read from and written to the shared journal's `item` table.
enum PostgresItemRow {
    static let columns = """
        id, source_sha256, profile, fingerprint, source_path, watch_path, provider, state, attempts, job_id, credits, \
        last_error, outputs, sidecar, detected_at, queued_at, started_at, submitted_at, finished_at, next_attempt_at, \
        lease_owner, lease_until, lease_token, reserved_credits
        """

    static func decode(_ row: PostgresRow) throws -> JournalItem {
        let cells = row.makeRandomAccess()
        let stateText = try cells["state"].decode(String.self)
        guard let state = ItemState(rawValue: stateText) else { throw PostgresJournalError("the journal holds an unknown state '\(stateText)'") }
        var item = JournalItem(
            sourceSHA256: try cells["source_sha256"].decode(String.self), profile: try cells["profile"].decode(String.self),
            fingerprint: try cells["fingerprint"].decode(String.self), sourcePath: try cells["source_path"].decode(String.self),
            watchPath: try cells["watch_path"].decode(String.self), provider: try cells["provider"].decode(String.self), state: state,
            detectedAt: try cells["detected_at"].decode(Date.self))
        item.id = try cells["id"].decode(Int64.self)
        item.attempts = try cells["attempts"].decode(Int.self)
        item.jobID = try cells["job_id"].decode(String?.self)
        item.credits = try cells["credits"].decode(Double.self)
        item.lastError = try cells["last_error"].decode(String?.self)
        item.outputs = outputs(try cells["outputs"].decode(String.self))
        item.sidecar = try cells["sidecar"].decode(String?.self)
        item.queuedAt = try cells["queued_at"].decode(Date?.self)
        item.startedAt = try cells["started_at"].decode(Date?.self)
        item.submittedAt = try cells["submitted_at"].decode(Date?.self)
        item.finishedAt = try cells["finished_at"].decode(Date?.self)
        item.nextAttemptAt = try cells["next_attempt_at"].decode(Date?.self)
        item.leaseOwner = try cells["lease_owner"].decode(String?.self)
        item.leaseUntil = try cells["lease_until"].decode(Date?.self)
        item.leaseToken = try cells["lease_token"].decode(Int64.self)
        item.reservedCredits = try cells["reserved_credits"].decode(Double.self)
        return item
    }

    /// The outputs as the JSON array of paths the `outputs` column holds. No outputs, as a claimed
    /// item has until it is written, skip the JSON coders: a claim reads the column and a save
    /// writes it, and a coder for "[]" was 2–3 % of a claims worker's CPU.
    static func outputsText(_ outputs: [String]) -> String {
        if outputs.isEmpty { return "[]" }
        return (try? String(decoding: JSONEncoder().encode(outputs), as: UTF8.self)) ?? "[]"
    }

    /// The paths in an `outputs` column (``outputsText(_:)``); none if it is not a JSON array of strings.
    static func outputs(_ text: String) -> [String] {
        if text == "[]" { return [] }
        return (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }

    /// `INSERT … VALUES (…)` for a new item (its id from the sequence), returning the row.
    static func insert(_ item: JournalItem, onConflict: String = "") -> PostgresQuery {
        """
        INSERT INTO item (source_sha256, profile, fingerprint, source_path, watch_path, provider, state, attempts, job_id, \
        credits, last_error, outputs, sidecar, detected_at, queued_at, started_at, submitted_at, finished_at, next_attempt_at)
        VALUES (\(item.sourceSHA256), \(item.profile), \(item.fingerprint), \(item.sourcePath), \(item.watchPath), \
        \(item.provider), \(item.state.rawValue), \(item.attempts), \(item.jobID), \(item.credits), \(item.lastError), \
        \(outputsText(item.outputs)), \(item.sidecar), \(item.detectedAt), \(item.queuedAt), \(item.startedAt), \
        \(item.submittedAt), \(item.finishedAt), \(item.nextAttemptAt))
        \(unescaped: onConflict) RETURNING \(unescaped: columns)
        """
    }

    /// One `INSERT` of many rows (at most 3,400: PostgreSQL takes 65,535 parameters), returning their ids in order.
    static func insert(_ items: [JournalItem]) throws -> PostgresQuery {
        var binds = PostgresBindings(capacity: items.count * 19)
        var rows: [String] = []
        for item in items {
            let first = binds.count
            rows.append("(" + (1...19).map { "$\(first + $0)" }.joined(separator: ", ") + ")")
            binds.append(item.sourceSHA256)
            binds.append(item.profile)
            binds.append(item.fingerprint)
            binds.append(item.sourcePath)
            binds.append(item.watchPath)
            binds.append(item.provider)
            binds.append(item.state.rawValue)
            binds.append(item.attempts)
            binds.append(item.jobID)
            binds.append(item.credits)
            binds.append(item.lastError)
            binds.append(outputsText(item.outputs))
            binds.append(item.sidecar)
            binds.append(item.detectedAt)
            binds.append(item.queuedAt)
            binds.append(item.startedAt)
            binds.append(item.submittedAt)
            binds.append(item.finishedAt)
            binds.append(item.nextAttemptAt)
        }
        return PostgresQuery(unsafeSQL: """
            INSERT INTO item (source_sha256, profile, fingerprint, source_path, watch_path, provider, state, attempts, job_id, \
            credits, last_error, outputs, sidecar, detected_at, queued_at, started_at, submitted_at, finished_at, next_attempt_at)
            VALUES \(rows.joined(separator: ", ")) RETURNING id
            """, binds: binds)
    }
}
