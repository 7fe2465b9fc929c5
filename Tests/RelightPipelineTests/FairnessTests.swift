import Foundation
import Logging
import RelightConfig
import RelightPipeline
import Relighting
import Testing

/// Fair sharing between watch entries: a folder that received a whole shoot does not hold back
/// a photo dropped into another folder. The scheduler runs one item at a time here, with the real
/// local engine on real files, so the order in which items finish is the order it chose.
@Suite(.timeLimit(.minutes(3)))
struct FairnessTests {
    @Test func aBusyFolderDoesNotStarveAQuietOne() async throws {
        let scratch = try Scratch()
        try scratch.write("profiles/warm.yaml", Data("prompt: warm light\nlight_source: Left Light\nsize: 256x256\noutput_format: jpg\nseed: 1\n".utf8))
        try scratch.write("relight.yaml", Data("""
            provider: local
            status: {listen: off}
            watch:
              - path: busy
                profiles: [warm]
                output: relit-busy
              - path: quiet
                profiles: [warm]
                output: relit-quiet

            """.utf8))
        let loaded = try ConfigLoader.load(path: scratch.url("relight.yaml"), environment: [:])
        let config = loaded.configuration
        let photo = try Data(contentsOf: try #require(Bundle.module.url(forResource: "Fixtures/rocket.jpg", withExtension: nil)))
        // Distinct content for every file (bytes after the JPEG's end are ignored by decoders),
        // so none is treated as a copy of another.
        func drop(_ folder: String, _ index: Int) throws -> String {
            try scratch.write("\(folder)/\(index).jpg", photo + Data("\(folder)-\(index)".utf8))
        }
        let journal = try Journal(stateDirectory: config.stateDirectory)
        let pipeline = Pipeline(
            configuration: config, profiles: loaded.profiles, journal: journal, provider: LocalProvider(threads: 1),
            redactor: SecretRedactor(), settings: .init(concurrency: 1), logger: Logger(label: "fairness"))
        let busy = try #require(config.watch.first { $0.path.hasSuffix("/busy") })
        let quiet = try #require(config.watch.first { $0.path.hasSuffix("/quiet") })
        // The whole shoot lands in the busy folder before two photos arrive in the quiet one.
        for index in 0..<12 { await pipeline.accept(IncomingFile(path: try drop("busy", index), entry: busy, profiles: ["warm"])) }
        for index in 0..<2 { await pipeline.accept(IncomingFile(path: try drop("quiet", index), entry: quiet, profiles: ["warm"])) }

        let runner = Task { await pipeline.run() }
        let deadline = Date().addingTimeInterval(120)
        while await pipeline.outcomes.count < 14, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        await pipeline.stop()
        await runner.value

        let order = await pipeline.outcomes.map { ($0.item.watchPath as NSString).lastPathComponent }
        #expect(order.count == 14)
        #expect(await pipeline.outcomes.allSatisfy { if case .done = $0 { true } else { false } })
        // Round-robin between the folders: the quiet folder's photos go second and fourth, not last.
        let quietPositions = order.indices.filter { order[$0] == "quiet" }
        #expect(quietPositions == [1, 3], "finishing order: \(order)")
        // Within a folder, photos go in order of arrival.
        let busyOrder = await pipeline.outcomes.filter { $0.item.watchPath == busy.path }.map { ($0.item.sourcePath as NSString).lastPathComponent }
        #expect(busyOrder == (0..<12).map { "\($0).jpg" })
        #expect(scratch.files(in: "relit-quiet").filter { $0.hasSuffix(".jpg") }.count == 2)
    }
}
