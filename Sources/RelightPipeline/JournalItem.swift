import Foundation
import GRDB

/// One row of the journal: a (source content SHA-256, profile fingerprint) pair and its progress.
public struct JournalItem: Sendable, Codable, Hashable, Identifiable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "item"

    public var id: Int64?
    /// Lower-case hex SHA-256 of the source's content.
    public var sourceSHA256: String
    public var profile: String
    /// ``LightingProfile/fingerprint`` when the item was queued: an edited profile is new work.
    public var fingerprint: String
    /// The source file as last seen, absolute.
    public var sourcePath: String
    /// The watched folder the source arrived in (empty for `relight run`).
    public var watchPath: String
    public var provider: String
    public var state: ItemState
    public var attempts: Int
    public var jobID: String?
    public var credits: Double
    /// The last error, already free of secrets.
    public var lastError: String?
    /// Output files, absolute: planned while writing, final once done.
    public var outputs: [String]
    public var sidecar: String?
    public var detectedAt: Date
    public var queuedAt: Date?
    public var startedAt: Date?
    public var submittedAt: Date?
    public var finishedAt: Date?
    /// When a retry may start, after a backoff.
    public var nextAttemptAt: Date?
    /// The host that holds the item while it runs (shared journal only).
    public var leaseOwner: String?
    /// When the holder's lease lapses unless a heartbeat renews it.
    public var leaseUntil: Date?
    /// Raised by every claim; a write that carries an older token is refused (the fence).
    public var leaseToken: Int64
    /// Credits set aside for the item's submit under the shared daily budget, until it is charged or released.
    public var reservedCredits: Double

    enum CodingKeys: String, CodingKey {
        case id, profile, fingerprint, provider, state, attempts, credits, outputs, sidecar
        case sourceSHA256 = "source_sha256"
        case sourcePath = "source_path"
        case watchPath = "watch_path"
        case jobID = "job_id"
        case lastError = "last_error"
        case detectedAt = "detected_at"
        case queuedAt = "queued_at"
        case startedAt = "started_at"
        case submittedAt = "submitted_at"
        case finishedAt = "finished_at"
        case nextAttemptAt = "next_attempt_at"
        case leaseOwner = "lease_owner"
        case leaseUntil = "lease_until"
        case leaseToken = "lease_token"
        case reservedCredits = "reserved_credits"
    }

    public init(
        sourceSHA256: String, profile: String, fingerprint: String, sourcePath: String, watchPath: String,
        provider: String, state: ItemState = .detected, detectedAt: Date = Date()
    ) {
        self.sourceSHA256 = sourceSHA256
        self.profile = profile
        self.fingerprint = fingerprint
        self.sourcePath = sourcePath
        self.watchPath = watchPath
        self.provider = provider
        self.state = state
        self.attempts = 0
        self.credits = 0
        self.outputs = []
        self.detectedAt = detectedAt
        self.leaseToken = 0
        self.reservedCredits = 0
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
