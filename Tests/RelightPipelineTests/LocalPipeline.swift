import Foundation
import Logging
import RelightConfig
import RelightPipeline
import Relighting

/// A pipeline on a scratch studio run by the local engine: one watched folder `in` with the profile
/// `warm`, outputs in `relit`, and a real photo to drop in.
struct LocalPipeline {
    let scratch: Scratch
    let journal: Journal
    let pipeline: Pipeline
    let entry: WatchEntry
    /// rocket.jpg's bytes.
    let photo: Data

    init(maxAttempts: Int = 5, after: String = "keep", logger: Logger = Logger(label: "pipeline")) throws {
        scratch = try Scratch()
        try scratch.write("profiles/warm.yaml", Data("prompt: warm light\nlight_source: Left Light\nsize: 256x256\noutput_format: jpg\nseed: 1\n".utf8))
        try scratch.write("relight.yaml", Data("provider: local\nstatus: {listen: off}\nwatch:\n  - path: in\n    profiles: [warm]\n    output: relit\n    after: \(after)\n".utf8))
        let loaded = try ConfigLoader.load(path: scratch.url("relight.yaml"), environment: [:])
        guard let entry = loaded.configuration.watch.first, let url = Bundle.module.url(forResource: "Fixtures/rocket.jpg", withExtension: nil) else {
            throw CocoaError(.fileNoSuchFile)
        }
        self.entry = entry
        photo = try Data(contentsOf: url)
        journal = try Journal(stateDirectory: loaded.configuration.stateDirectory)
        pipeline = Pipeline(
            configuration: loaded.configuration, profiles: loaded.profiles, journal: journal, provider: LocalProvider(threads: 1),
            redactor: SecretRedactor(), settings: .init(concurrency: 1, maxAttempts: maxAttempts), logger: logger)
    }

    /// The file at `relative` (under the studio) as the watcher reports it.
    func file(_ relative: String, isCatchUp: Bool = false) -> IncomingFile {
        IncomingFile(path: scratch.url(relative), entry: entry, profiles: ["warm"], isCatchUp: isCatchUp)
    }

    /// The pipeline's outcomes once there are `count` of them (or a minute has passed).
    func outcomes(_ count: Int) async throws -> [ItemOutcome] {
        let deadline = Date().addingTimeInterval(60)
        while await pipeline.outcomes.count < count, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        return await pipeline.outcomes
    }
}
