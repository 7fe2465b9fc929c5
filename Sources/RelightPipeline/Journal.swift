import Foundation
import Relighting

/// The durable record of every item, through one of two backends: SQLite under `state_dir` for
/// one host (``SQLiteJournal``), or a PostgreSQL that several hosts share (``PostgresJournal``).
///
/// Every state change is committed before the work it announces, so a crash at any moment
/// leaves a row that says what to do next: resume a job by its id, or submit once.
public final class Journal: Sendable {
    public let backend: any JournalBackend

    public init(backend: any JournalBackend) {
        self.backend = backend
    }

    /// Opens (creating if needed) the SQLite journal in `stateDirectory`.
    public convenience init(stateDirectory: String) throws {
        self.init(backend: try SQLiteJournal(stateDirectory: stateDirectory))
    }

    /// The SQLite file, or nil for a shared journal.
    public var path: String? { (backend as? SQLiteJournal)?.path }
    public var backendName: String { backend.backendName }
    public var isShared: Bool { backend.isShared }

    public func enqueue(_ item: JournalItem, now: Date = Date()) async throws -> EnqueueOutcome {
        try await backend.enqueue(item, now: now)
    }

    public func save(_ item: JournalItem) async throws { try await backend.save(item) }
    public func item(id: Int64) async throws -> JournalItem? { try await backend.item(id: id) }

    /// A number that changes whenever another process (`relight retry`, a second `relight run`)
    /// commits to the journal; this process's own writes leave it as it is. Lets the daemon skip
    /// rereading the open items while nothing outside it has touched the journal.
    public func externalChangeCounter() async throws -> Int { try await backend.externalChangeCounter() }

    /// Items a restart must pick up: everything neither done nor failed, oldest first.
    public func openItems() async throws -> [JournalItem] { try await backend.openItems() }

    /// Every item for a source path, for deciding whether the source can be disposed of.
    public func items(sourcePath: String) async throws -> [JournalItem] { try await backend.items(sourcePath: sourcePath) }

    /// Puts failed items back in the queue, with their attempts reset. Returns the ids requeued.
    @discardableResult
    public func retry(ids: [Int64]? = nil, now: Date = Date()) async throws -> [Int64] { try await backend.retry(ids: ids, now: now) }

    /// Remembers that `path` with this size and mtime has content `sha256`, so a restart need not re-hash it.
    public func recordSource(path: String, size: Int64, mtime: Double, sha256: String, now: Date = Date()) async throws {
        try await backend.recordSource(path: path, size: size, mtime: mtime, sha256: sha256, now: now)
    }

    /// Whether the journal has seen this file before: the same path with the same content.
    public func hasSeenSource(path: String, sha256: String) async throws -> Bool {
        try await backend.hasSeenSource(path: path, sha256: sha256)
    }

    /// Every item of one source content, oldest first.
    public func items(sha256: String) async throws -> [JournalItem] { try await backend.items(sha256: sha256) }

    /// The content hash recorded for `path`, if its size and mtime are unchanged since.
    public func knownSource(path: String, size: Int64, mtime: Double) async throws -> String? {
        try await backend.knownSource(path: path, size: size, mtime: mtime)
    }

    /// Items newest first (by id), optionally in one state, with ids below `before` (keyset pagination).
    public func jobs(state: ItemState? = nil, limit: Int = 50, before: Int64? = nil) async throws -> JobsPage {
        try await backend.jobs(state: state, limit: limit, before: before)
    }

    /// Counts per state for each watched folder (`watch_path`; empty for `relight run`).
    public func countsByFolder() async throws -> [String: [String: Int]] { try await backend.countsByFolder() }

    /// Inserts many items in one transaction (for imports and tests); returns their ids.
    @discardableResult
    public func insert(_ items: [JournalItem]) async throws -> [Int64] { try await backend.insert(items) }

    /// Done items relit with an earlier version of a profile that `relight redo` would relight again.
    public func redoCandidates(_ selection: RedoSelection) async throws -> [JournalItem] { try await backend.redoCandidates(selection) }

    /// Queues a new item with the current profile for each earlier one; returns how many were queued.
    @discardableResult
    public func queueRedo(of items: [JournalItem], fingerprint: String, provider: String, now: Date = Date()) async throws -> Int {
        try await backend.queueRedo(of: items, fingerprint: fingerprint, provider: provider, now: now)
    }

    /// Sources of the newest items with `profile`, newest first and without repeats.
    public func recentSources(profile: String, limit: Int = 8) async throws -> [String] {
        try await backend.recentSources(profile: profile, limit: limit)
    }

    /// Counts per state, credits spent today (local time) and in total, and the most recent failures.
    public func summary(failureLimit: Int = 10, now: Date = Date(), calendar: Calendar = .current) async throws -> Summary {
        try await backend.summary(failureLimit: failureLimit, now: now, calendar: calendar)
    }

    /// Credits charged since `start`, for the daily budget.
    public func creditsSpent(since start: Date) async throws -> Double { try await backend.creditsSpent(since: start) }

    /// Records an object uploaded for item `itemID`. Called before the submit.
    public func recordUpload(_ upload: StoredUpload, itemID: Int64, now: Date = Date()) async throws {
        try await backend.recordUpload(upload, itemID: itemID, now: now)
    }

    public func markUploadDeleted(key: String, now: Date = Date()) async throws { try await backend.markUploadDeleted(key: key, now: now) }
    public func forgetUpload(key: String) async throws { try await backend.forgetUpload(key: key) }

    /// Undeleted uploads, split by whether their items may still need them.
    public func undeletedUploads() async throws -> (leftover: [PendingUpload], inUse: [PendingUpload]) {
        try await backend.undeletedUploads()
    }

    public func undeletedUploads(itemID: Int64) async throws -> [StoredUpload] { try await backend.undeletedUploads(itemID: itemID) }

    /// The size of the item's latest upload, deleted from the store or not: the bytes its job's photo took
    /// up, for a sidecar written after a restart (when the uploader's own count is gone).
    public func lastUploadSize(itemID: Int64) async throws -> Int64? { try await backend.lastUploadSize(itemID: itemID) }

    // MARK: Several hosts

    public func claim(id: Int64, lease: Lease) async throws -> Claim { try await backend.claim(id: id, lease: lease) }
    public func claimNext(lease: Lease) async throws -> Claim { try await backend.claimNext(lease: lease) }
    public func release(_ item: JournalItem, host: String) async throws { try await backend.release(item, host: host) }
    @discardableResult
    public func heartbeat(_ beat: HostBeat) async throws -> Int { try await backend.heartbeat(beat) }
    public func hosts() async throws -> [HostRecord] { try await backend.hosts() }
    public func sharedPause(now: Date = Date()) async throws -> SharedPause? { try await backend.sharedPause(now: now) }
    public func setSharedPause(_ pause: SharedPause?) async throws { try await backend.setSharedPause(pause) }
    public func announcements() -> AsyncStream<Void>? { backend.announcements() }
    public func close() async { await backend.close() }
}
