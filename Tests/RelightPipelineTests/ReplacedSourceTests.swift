import Foundation
import Logging
import RelightConfig
import RelightPipeline
import Relighting
import Testing

/// A failed photo replaced by other content, then retried: the item is for the old content, so it
/// must not relight the new pixels and record them under the old content's hash (the new content
/// is a photo of its own).
@Suite(.timeLimit(.minutes(3)))
struct ReplacedSourceTests {
    @Test func aRetryOfAReplacedPhotoFailsInsteadOfRecordingTheNewContentAsTheOld() async throws {
        let scratch = try Scratch()
        try scratch.write("profiles/warm.yaml", Data("prompt: warm light\nlight_source: Left Light\nsize: 256x256\noutput_format: jpg\nseed: 1\n".utf8))
        try scratch.write("relight.yaml", Data("provider: local\nstatus: {listen: off}\nwatch:\n  - path: in\n    profiles: [warm]\n    output: relit\n".utf8))
        let loaded = try ConfigLoader.load(path: scratch.url("relight.yaml"), environment: [:])
        let config = loaded.configuration
        let photo = try Data(contentsOf: try #require(Bundle.module.url(forResource: "Fixtures/rocket.jpg", withExtension: nil)))
        let journal = try Journal(stateDirectory: config.stateDirectory)
        let pipeline = Pipeline(
            configuration: config, profiles: loaded.profiles, journal: journal, provider: LocalProvider(threads: 1),
            redactor: SecretRedactor(), settings: .init(concurrency: 1, maxAttempts: 1), logger: Logger(label: "replaced"))
        let entry = try #require(config.watch.first)
        let runner = Task { await pipeline.run() }
        defer { runner.cancel() }
        func outcomes(_ count: Int) async throws -> [ItemOutcome] {
            let deadline = Date().addingTimeInterval(60)
            while await pipeline.outcomes.count < count, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
            return await pipeline.outcomes
        }

        // A copy cut short: it fails.
        let path = try scratch.write("in/shot.jpg", photo.prefix(2000))
        await pipeline.accept(IncomingFile(path: path, entry: entry, profiles: ["warm"]))
        guard case .failed(let first) = try await outcomes(1).first else { Issue.record("the cut-short copy fails"); return }
        // The whole photo copied over it, then the failed item retried (the dashboard's Retry).
        try photo.write(to: URL(fileURLWithPath: path))
        #expect(try await journal.retry(ids: [first.id!]) == [first.id!])
        await pipeline.journalChanged()
        let all = try await outcomes(2)
        await pipeline.stop()
        await runner.value

        guard case .failed(let retried) = all.last else { Issue.record("the retry of the old content fails: \(all)"); return }
        #expect(retried.lastError?.contains("has changed since this was queued") == true, "\(retried.lastError ?? "")")
        #expect(try await journal.item(id: first.id!)?.outputs.isEmpty == true)
        #expect(!scratch.files(in: "relit").contains("shot_warm_1.jpg"), "\(scratch.files(in: "relit"))")
    }
}
