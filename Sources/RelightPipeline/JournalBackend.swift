import Foundation
import Relighting

/// What a journal backend stores: SQLite for one host, PostgreSQL for several hosts sharing one
/// queue. ``Journal`` is the one interface the pipeline, the CLI and the status server use.
///
/// Every method commits before it returns, so a crash at any moment leaves a row that says what
/// to do next.
public protocol JournalBackend: Sendable {
    /// `sqlite` or the PostgreSQL address (without a password), for `relight status` and logs.
    var backendName: String { get }
    /// Whether other hosts may share this journal (leases, a shared budget and pause).
    var isShared: Bool { get }

    func enqueue(_ item: JournalItem, now: Date) async throws -> Journal.EnqueueOutcome
    /// Saves a changed item. A shared backend refuses (``LeaseLostError``) a write whose lease token is stale.
    /// A done or failed item gives up its lease in the same write.
    func save(_ item: JournalItem) async throws
    func item(id: Int64) async throws -> JournalItem?
    func externalChangeCounter() async throws -> Int
    func openItems() async throws -> [JournalItem]
    func items(sourcePath: String) async throws -> [JournalItem]
    func retry(ids: [Int64]?, now: Date) async throws -> [Int64]
    func recordSource(path: String, size: Int64, mtime: Double, sha256: String, now: Date) async throws
    func hasSeenSource(path: String, sha256: String) async throws -> Bool
    func items(sha256: String) async throws -> [JournalItem]
    func knownSource(path: String, size: Int64, mtime: Double) async throws -> String?
    func jobs(state: ItemState?, limit: Int, before: Int64?) async throws -> Journal.JobsPage
    func countsByFolder() async throws -> [String: [String: Int]]
    func insert(_ items: [JournalItem]) async throws -> [Int64]
    func redoCandidates(_ selection: Journal.RedoSelection) async throws -> [JournalItem]
    func queueRedo(of items: [JournalItem], fingerprint: String, provider: String, now: Date) async throws -> Int
    func recentSources(profile: String, limit: Int) async throws -> [String]
    func summary(failureLimit: Int, now: Date, calendar: Calendar) async throws -> Journal.Summary
    func creditsSpent(since start: Date) async throws -> Double
    func recordUpload(_ upload: StoredUpload, itemID: Int64, now: Date) async throws
    func markUploadDeleted(key: String, now: Date) async throws
    func forgetUpload(key: String) async throws
    func undeletedUploads() async throws -> (leftover: [Journal.PendingUpload], inUse: [Journal.PendingUpload])
    func undeletedUploads(itemID: Int64) async throws -> [StoredUpload]
    func lastUploadSize(itemID: Int64) async throws -> Int64?

    // MARK: Several hosts

    /// Takes item `id` for `lease.host`, unless another host holds a live lease on it.
    func claim(id: Int64, lease: Journal.Lease) async throws -> Journal.Claim
    /// Takes the oldest open item in `lease.servedPaths` that no live lease holds (`FOR UPDATE SKIP LOCKED`).
    func claimNext(lease: Journal.Lease) async throws -> Journal.Claim
    /// Gives up the lease on an item this host put down (waiting for a retry, or given back). A
    /// done or failed item gave its lease up in the save that finished it: this does nothing then.
    func release(_ item: JournalItem, host: String) async throws
    /// Renews this host's leases and records its heartbeat; returns how many items it holds.
    func heartbeat(_ host: Journal.HostBeat) async throws -> Int
    /// Every host that has written a heartbeat, newest first.
    func hosts() async throws -> [Journal.HostRecord]
    /// A pause every host honours (401, 402), or nil.
    func sharedPause(now: Date) async throws -> Journal.SharedPause?
    func setSharedPause(_ pause: Journal.SharedPause?) async throws
    /// New work or a released lease, announced by another host (nil: this backend has no announcements).
    func announcements() -> AsyncStream<Void>?
    /// Closes connections; the journal is not used afterwards.
    func close() async
}
