import Foundation
import GRDB
import Logging
import RelightConfig
import Relighting
import Testing
@testable import RelightPipeline

/// The journal learns of every object before it is uploaded, and forgets none: the item runner
/// records `.uploadStarted` at once, marks `.uploadDeleted`, and deletes what is left once the item ends.
@Suite struct UploadJournalTests {
    /// A cloud-like provider: reports an upload, checks the journal already has it, then "uploads" and "submits".
    /// It leaves the object behind, as a provider that resumed a job after a restart does.
    final class LeavingProvider: RelightProvider, @unchecked Sendable {
        // @unchecked: the recorded values are written under `lock` only.
        let name = "pixeldojo"
        let journal: Journal
        let lock = NSLock()
        var journaledBeforeUpload = false
        var deleted: [String] = []
        let upload = StoredUpload(key: "relight/abc-123.jpg", size: 10, contentType: "image/jpeg", sha256: String(repeating: "c", count: 64))

        init(journal: Journal) { self.journal = journal }

        func relight(_ request: RelightRequest, events: @escaping RelightEvents) async throws -> RelightResult {
            try await events(.uploading)
            try await events(.uploadStarted(upload))
            let known = try await journal.undeletedUploads().leftover.map(\.upload)
            lock.withLock { journaledBeforeUpload = known == [upload] }
            try await events(.submitted(jobID: "job-1", creditCost: 1))
            return RelightResult(images: [RelitImage(data: Data([0xFF, 0xD8, 0xFF, 0xD9]), format: .jpg, width: 1, height: 1, index: 1)], jobID: "job-1", creditCost: 1, model: "magic-lighting")
        }

        func resume(jobID: String, request: RelightRequest, events: @escaping RelightEvents) async throws -> RelightResult {
            try await relight(request, events: events)
        }

        func deleteUpload(_ upload: StoredUpload) async throws -> Bool {
            lock.withLock { deleted.append(upload.key) }
            return true
        }
    }

    @Test(arguments: TestPostgres.kinds) func uploadsAreJournaledBeforeTheyStartAndDeletedWhenTheItemIsDone(_ kind: JournalKind) async throws {
        let fixture = try JournalFixture(kind)
        let scratch = fixture.scratch
        let journal = try await fixture.open()
        let source = try scratch.write("in/a.jpg", Data([0xFF, 0xD8, 0xFF, 0xD9]))
        guard case .queued(let item) = try await journal.enqueue(
            JournalItem(sourceSHA256: "aa", profile: "warm", fingerprint: "f", sourcePath: source, watchPath: scratch.url("in"), provider: "pixeldojo"))
        else { Issue.record("must queue"); return }
        let provider = LeavingProvider(journal: journal)
        let runner = ItemRunner(journal: journal, provider: provider, redactor: SecretRedactor(), logger: Logger(label: "uploads"))
        let entry = WatchEntry(path: scratch.url("in"), profiles: .list(["warm"]), output: scratch.url("out"), location: SourceLocation(file: "relight.yaml"))
        let job = ItemJob(
            item: item, profile: LightingProfile(name: "warm", prompt: "warm light", lightSource: "Left Light", numberOfImages: 1, outputFormat: .jpg),
            naming: OutputNaming(entry: entry, profile: "warm", source: source, model: "magic-lighting"), sidecar: false)
        guard case .done = await runner.run(job) else { Issue.record("the item must be done"); return }
        #expect(provider.lock.withLock { provider.journaledBeforeUpload }, "the object is in the journal before the upload and the submit")
        #expect(provider.lock.withLock { provider.deleted } == [provider.upload.key], "what the provider left behind is deleted once the item is done")
        let (leftover, inUse) = try await journal.undeletedUploads()
        #expect(leftover.isEmpty && inUse.isEmpty)
    }

    @Test func aJournalFromBeforeUploadsWereRecordedGainsTheTable() async throws {
        let scratch = try Scratch()
        let folder = scratch.url("state")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        do {
            let pool = try DatabasePool(path: (folder as NSString).appendingPathComponent("journal.sqlite"))
            try SQLiteJournal.migrator.migrate(pool, upTo: "v1")
            #expect(try await pool.read { try $0.tableExists("upload") } == false)
        }
        let journal = try Journal(stateDirectory: folder)
        guard case .queued(let item) = try await journal.enqueue(
            JournalItem(sourceSHA256: "aa", profile: "warm", fingerprint: "f", sourcePath: "/in/a.jpg", watchPath: "/in", provider: "pixeldojo"))
        else { Issue.record("must queue"); return }
        let upload = StoredUpload(key: "relight/k.jpg", size: 1, contentType: "image/jpeg", sha256: "s")
        try await journal.recordUpload(upload, itemID: try #require(item.id))
        #expect(try await journal.undeletedUploads().leftover.map(\.upload) == [upload], "a queued item without a job id: uploaded again, so left over")
        try await journal.markUploadDeleted(key: upload.key)
        #expect(try await journal.undeletedUploads(itemID: try #require(item.id)).isEmpty)
    }
}
