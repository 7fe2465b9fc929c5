import Foundation
import Logging
import RelightConfig
import RelightPipeline
import Relighting
import Testing

/// Two profiles that differ only in name have one fingerprint, so they share one item (one relight,
/// one charge). Each still gets its own outputs, and the photo's `after:` still happens.
@Suite(.timeLimit(.minutes(2)))
struct TwinProfileTests {
    @Test func profilesThatDifferOnlyInNameEachGetTheirOutputsFromOneRelight() async throws {
        let scratch = try Scratch()
        let profile = Data("prompt: warm light\nlight_source: Left Light\nsize: 256x256\noutput_format: jpg\nseed: 1\n".utf8)
        try scratch.write("profiles/warm.yaml", profile)
        try scratch.write("profiles/warm-copy.yaml", profile)
        try scratch.write("relight.yaml", Data("""
            provider: local
            status: {listen: off}
            watch:
              - path: in
                profiles: [warm, warm-copy]
                output: relit
                after: move:done

            """.utf8))
        let loaded = try ConfigLoader.load(path: scratch.url("relight.yaml"), environment: [:])
        let entry = try #require(loaded.configuration.watch.first)
        let journal = try Journal(stateDirectory: loaded.configuration.stateDirectory)
        let pipeline = Pipeline(
            configuration: loaded.configuration, profiles: loaded.profiles, journal: journal, provider: LocalProvider(threads: 1),
            redactor: SecretRedactor(), settings: .init(concurrency: 1, maxAttempts: 1), logger: Logger(label: "twins"))
        let runner = Task { await pipeline.run() }
        defer { runner.cancel() }
        let photo = try Data(contentsOf: try #require(Bundle.module.url(forResource: "Fixtures/rocket.jpg", withExtension: nil)))
        let path = try scratch.write("in/a.jpg", photo)
        let report = await pipeline.accept(IncomingFile(path: path, entry: entry, profiles: ["warm", "warm-copy"]))
        #expect(report.waiting.count == 2 && Set(report.waiting.values).count == 1, "one item for both: \(report)")

        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: scratch.url("done/a.jpg")), Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        await pipeline.stop()
        _ = await runner.result
        let written = scratch.files(in: "relit")
        for name in ["warm", "warm-copy"] {
            #expect(written.contains("a_\(name)_1.jpg") && written.contains("a_\(name).relight.json"), "\(name): \(written)")
        }
        #expect(await pipeline.outcomes.count == 1, "relit once")
        #expect(FileManager.default.fileExists(atPath: scratch.url("done/a.jpg")), "moved once both were delivered: \(scratch.files())")
    }
}
