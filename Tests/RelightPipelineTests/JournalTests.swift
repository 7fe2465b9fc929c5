import Foundation
import RelightConfig
import GRDB
import Relighting
import Testing
@testable import RelightPipeline

@Suite struct JournalTests {
    func item(_ sha: String = "aa", profile: String = "golden-hour", fingerprint: String = "f1", path: String = "/in/a.jpg") -> JournalItem {
        JournalItem(sourceSHA256: sha, profile: profile, fingerprint: fingerprint, sourcePath: path, watchPath: "/in", provider: "local")
    }

    @Test(arguments: TestPostgres.kinds) func queuesEachContentAndProfileOnce(_ kind: JournalKind) async throws {
        let fixture = try JournalFixture(kind)
        let journal = try await fixture.open()
        guard case .queued(let first) = try await journal.enqueue(item()) else { Issue.record("first enqueue must queue"); return }
        #expect(first.id != nil && first.state == .queued && first.queuedAt != nil)
        // The same content under another name is the same work.
        guard case .existing(let again) = try await journal.enqueue(item(path: "/in/copy-of-a.jpg")) else {
            Issue.record("same content and fingerprint must not queue twice"); return
        }
        #expect(again.id == first.id)
        // New content, or an edited profile, is new work.
        guard case .queued = try await journal.enqueue(item("bb")) else { Issue.record("new content queues"); return }
        guard case .queued = try await journal.enqueue(item(fingerprint: "f2")) else { Issue.record("edited profile queues"); return }
        #expect(try await journal.openItems().count == 3)
    }

    @Test(arguments: TestPostgres.kinds) func theGalleryIsOfferedDoneWatchedPhotosOnly(_ kind: JournalKind) async throws {
        let fixture = try JournalFixture(kind)
        let journal = try await fixture.open()
        // Newest last: a done photo, a failed one, one from `relight run` (no watched folder), one still queued.
        for (sha, path, watch, state) in [
            ("a1", "/in/done.jpg", "/in", ItemState.done), ("a2", "/in/broken.jpg", "/in", .failed),
            ("a3", "/elsewhere/run.jpg", "", .done), ("a4", "/in/waiting.jpg", "/in", .queued),
        ] {
            var item = JournalItem(sourceSHA256: sha, profile: "golden-hour", fingerprint: "f1", sourcePath: path, watchPath: watch, provider: "local")
            guard case .queued(let queued) = try await journal.enqueue(item) else { Issue.record("\(path) must queue"); return }
            item = queued
            item.state = state
            try await journal.save(item)
        }
        #expect(try await journal.recentSources(profile: "golden-hour") == ["/in/done.jpg"])
        #expect(try await journal.recentSources(profile: "blue-hour").isEmpty)
    }

    @Test(arguments: TestPostgres.kinds) func aClaimedItemSavedAsDoneHoldsNoLease(_ kind: JournalKind) async throws {
        let fixture = try JournalFixture(kind)
        let journal = try await fixture.open()
        guard case .queued = try await journal.enqueue(item()) else { Issue.record("enqueue must queue"); return }
        let lease = Journal.Lease(host: "test-host", timeout: .seconds(30), servedPaths: ["/in"])
        guard case .claimed(var claimed) = try await journal.claimNext(lease: lease) else { Issue.record("the item must be claimed"); return }
        #expect(claimed.leaseOwner == "test-host")
        claimed.state = .done
        try await journal.save(claimed)
        let saved = try #require(try await journal.item(id: claimed.id!))
        #expect(saved.state == .done && saved.leaseOwner == nil && saved.leaseUntil == nil)
        #expect(try await journal.claimNext(lease: lease) == .unavailable)
    }

    /// The bytes an item's job uploaded outlive the upload itself (deleted from the store once the job
    /// ends): a sidecar written after a restart reads them here.
    @Test(arguments: TestPostgres.kinds) func theLastUploadsSizeIsKeptAfterItIsDeleted(_ kind: JournalKind) async throws {
        let fixture = try JournalFixture(kind)
        let journal = try await fixture.open()
        guard case .queued(let queued) = try await journal.enqueue(item()) else { Issue.record("enqueue must queue"); return }
        let id = try #require(queued.id)
        #expect(try await journal.lastUploadSize(itemID: id) == nil)
        let sha = String(repeating: "c", count: 64)
        try await journal.recordUpload(StoredUpload(key: "relight/a.jpg", size: 1000, contentType: "image/jpeg", sha256: sha), itemID: id, now: Date(timeIntervalSince1970: 100))
        try await journal.recordUpload(StoredUpload(key: "relight/b.jpg", size: 2345, contentType: "image/jpeg", sha256: sha), itemID: id, now: Date(timeIntervalSince1970: 200))
        try await journal.markUploadDeleted(key: "relight/b.jpg")
        #expect(try await journal.lastUploadSize(itemID: id) == 2345)
        #expect(try await journal.lastUploadSize(itemID: id + 1) == nil)
    }

    @Test(arguments: TestPostgres.kinds) func aDoneItemIsReusedNotRedone(_ kind: JournalKind) async throws {
        let fixture = try JournalFixture(kind)
        let journal = try await fixture.open()
        guard case .queued(var row) = try await journal.enqueue(item()) else { return }
        row.state = .done
        row.outputs = ["/out/a_golden-hour_1.jpg"]
        try await journal.save(row)
        guard case .alreadyDone(let done) = try await journal.enqueue(item(path: "/in/b.jpg")) else {
            Issue.record("done content must be reported as already done"); return
        }
        #expect(done.outputs == ["/out/a_golden-hour_1.jpg"])
    }

    @Test(arguments: TestPostgres.kinds) func survivesReopeningAndKeepsJobIDs(_ kind: JournalKind) async throws {
        let fixture = try JournalFixture(kind)
        do {
            let journal = try await fixture.open()
            guard case .queued(var row) = try await journal.enqueue(item()) else { return }
            row.state = .submitted
            row.jobID = "job-123"
            row.credits = 2
            row.submittedAt = Date()
            try await journal.save(row)
        }
        let reopened = try await fixture.open()
        let open = try await reopened.openItems()
        #expect(open.count == 1)
        #expect(open.first?.state == .submitted && open.first?.jobID == "job-123")
        let summary = try await reopened.summary()
        #expect(summary.counts["submitted"] == 1)
        #expect(summary.creditsToday == 2 && summary.creditsTotal == 2)
    }

    @Test(arguments: TestPostgres.kinds) func retryPutsFailedItemsBack(_ kind: JournalKind) async throws {
        let fixture = try JournalFixture(kind)
        let journal = try await fixture.open()
        var ids: [Int64] = []
        for sha in ["a1", "a2", "a3"] {
            guard case .queued(var row) = try await journal.enqueue(item(sha)) else { return }
            row.state = .failed
            row.attempts = 5
            row.lastError = "provider said no"
            row.finishedAt = Date()
            try await journal.save(row)
            ids.append(row.id!)
        }
        let summary = try await journal.summary()
        #expect(summary.counts["failed"] == 3)
        #expect(summary.failures.count == 3 && summary.failures.allSatisfy { $0.error == "provider said no" })
        #expect(try await journal.retry(ids: [ids[0]]) == [ids[0]])
        let first = try #require(try await journal.item(id: ids[0]))
        #expect(first.state == .queued && first.attempts == 0 && first.lastError == nil)
        #expect(try await journal.retry().count == 2)
        #expect(try await journal.summary().counts["failed"] == nil)
    }

    @Test(arguments: TestPostgres.kinds) func remembersSourcesBySizeAndTime(_ kind: JournalKind) async throws {
        let fixture = try JournalFixture(kind)
        let journal = try await fixture.open()
        try await journal.recordSource(path: "/in/a.jpg", size: 10, mtime: 100.5, sha256: "aa")
        #expect(try await journal.knownSource(path: "/in/a.jpg", size: 10, mtime: 100.5) == "aa")
        #expect(try await journal.knownSource(path: "/in/a.jpg", size: 11, mtime: 100.5) == nil)
        #expect(try await journal.knownSource(path: "/in/a.jpg", size: 10, mtime: 101) == nil)
    }

    @Test func usesWriteAheadLogging() async throws {
        let scratch = try Scratch()
        let journal = try Journal(stateDirectory: scratch.url("state"))
        let pool = try #require(journal.backend as? SQLiteJournal).pool
        let mode = try await pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }
}

extension JournalTests {
    /// The journal keeps a Latin-1 name losslessly; `relight status` gets it shown as `caf\xE9.jpg`.
    @Test(arguments: TestPostgres.kinds) func keepsALatin1PathExactlyAndSummarisesItEscaped(_ kind: JournalKind) async throws {
        let fixture = try JournalFixture(kind)
        let journal = try await fixture.open()
        let path = PathBytes(bytes: Array("/in/caf".utf8) + [0xE9] + Array(".jpg".utf8)).string
        guard case .queued(var row) = try await journal.enqueue(item(path: path)) else { Issue.record("not queued"); return }
        row.state = .failed
        row.lastError = "cannot read \(path)"
        row.finishedAt = Date()
        try await journal.save(row)
        #expect(PathBytes(try #require(try await journal.item(id: row.id!)).sourcePath).bytes.contains(0xE9))
        #expect(try await journal.items(sourcePath: path).count == 1)
        let failure = try #require(try await journal.summary().failures.first)
        #expect(failure.sourcePath == "/in/caf\\xE9.jpg" && failure.error == "cannot read /in/caf\\xE9.jpg")
    }
}
