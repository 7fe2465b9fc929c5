import Foundation
import RelightPipeline
import Testing

/// A failed photo replaced by other content, then retried: the item is for the old content, so it
/// must not relight the new pixels and record them under the old content's hash (the new content
/// is a photo of its own).
@Suite(.timeLimit(.minutes(3)))
struct ReplacedSourceTests {
    @Test func aRetryOfAReplacedPhotoFailsInsteadOfRecordingTheNewContentAsTheOld() async throws {
        let studio = try LocalPipeline(maxAttempts: 1)
        let pipeline = studio.pipeline, journal = studio.journal
        let runner = Task { await pipeline.run() }
        defer { runner.cancel() }

        // A copy cut short: it fails.
        let path = try studio.scratch.write("in/shot.jpg", studio.photo.prefix(2000))
        await pipeline.accept(studio.file("in/shot.jpg"))
        guard case .failed(let first) = try await studio.outcomes(1).first else { Issue.record("the cut-short copy fails"); return }
        // The whole photo copied over it, then the failed item retried (the dashboard's Retry).
        try studio.photo.write(to: URL(fileURLWithPath: path))
        #expect(try await journal.retry(ids: [first.id!]) == [first.id!])
        await pipeline.journalChanged()
        let all = try await studio.outcomes(2)
        await pipeline.stop()
        await runner.value

        guard case .failed(let retried) = all.last else { Issue.record("the retry of the old content fails: \(all)"); return }
        #expect(retried.lastError?.contains("has changed since this was queued") == true, "\(retried.lastError ?? "")")
        #expect(try await journal.item(id: first.id!)?.outputs.isEmpty == true)
        #expect(!studio.scratch.files(in: "relit").contains("shot_warm_1.jpg"), "\(studio.scratch.files(in: "relit"))")
    }
}
