import Foundation
import Logging
import RelightConfig
import RelightPipeline
import Relighting
import Testing

/// Reused outputs (the same content under another name) are copied once per name, even when one
/// file is reported twice at once (two events, or an event racing the item that finishes): never a
/// second set written as ` (2)`.
@Suite(.timeLimit(.minutes(3)))
struct ReusedCopyTests {
    @Test func aFileReportedTwiceAtOnceGetsOneSetOfCopies() async throws {
        let studio = try LocalPipeline()
        let pipeline = studio.pipeline, scratch = studio.scratch, photo = studio.photo, entry = studio.entry
        let runner = Task { await pipeline.run() }
        defer { runner.cancel() }

        try scratch.write("in/a.jpg", photo)
        await pipeline.accept(studio.file("in/a.jpg"))
        #expect(try await studio.outcomes(1).count == 1)

        // Five more names for the same photo, each reported twice at the same moment.
        let names = ["b", "c", "d", "e", "f"]
        let paths = try names.map { try scratch.write("in/\($0).jpg", photo) }
        await withTaskGroup(of: Void.self) { group in
            for path in paths {
                for _ in 0..<2 { group.addTask { await pipeline.accept(IncomingFile(path: path, entry: entry, profiles: ["warm"])) } }
            }
        }
        await pipeline.stop()
        await runner.value

        let written = scratch.files(in: "relit")
        #expect(written.filter { $0.contains(" (2)") }.isEmpty, "no second set: \(written)")
        for name in ["a"] + names {
            #expect(written.contains("\(name)_warm_1.jpg") && written.contains("\(name)_warm.relight.json"), "\(name): \(written)")
        }
        #expect(written.count == 12, "\(written)")
        #expect(await pipeline.outcomes.count == 1, "one relight for the six names")
    }

    @Test func aCopyFoundAgainAtStartUpIsNotMistakenForANewProfile() async throws {
        // b.jpg has a's content, so it gets copies of a's outputs and no item of its own. Found again
        // by a catch-up scan, it must not make the daemon say the profile "was added since".
        let lines = LogLines()
        let studio = try LocalPipeline(logger: Logger(label: "copies") { _ in lines })
        let pipeline = studio.pipeline, scratch = studio.scratch, photo = studio.photo, entry = studio.entry
        let runner = Task { await pipeline.run() }
        defer { runner.cancel() }
        try scratch.write("in/a.jpg", photo)
        await pipeline.accept(studio.file("in/a.jpg"))
        _ = try await studio.outcomes(1)
        let copy = try scratch.write("in/b.jpg", photo)
        let copied = await pipeline.accept(IncomingFile(path: copy, entry: entry, profiles: ["warm"]))
        #expect(copied.done["warm"]?.count == 1, "b.jpg gets a copy of a.jpg's output")
        // The start-up scan finds both again.
        for path in [scratch.url("in/a.jpg"), copy] {
            let again = await pipeline.accept(IncomingFile(path: path, entry: entry, profiles: ["warm"], isCatchUp: true))
            #expect(again.waiting.isEmpty, "\(path) is not relit again")
        }
        await pipeline.stop()
        await runner.value
        #expect(!lines.text.contains("added since") && !lines.text.contains("changed since"), "\(lines.text)")
        #expect(await pipeline.outcomes.count == 1)
    }
}

/// What a logger was given, one line per event with its level.
final class LogLines: LogHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    var text: String { lock.withLock { lines.joined(separator: "\n") } }
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(event: LogEvent) {
        lock.withLock { lines.append("\(event.level): \(event.message)") }
    }
}
