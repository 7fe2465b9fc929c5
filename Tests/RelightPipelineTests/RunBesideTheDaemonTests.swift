import Foundation
import Logging
import RelightConfig
import RelightPipeline
import Relighting
import Testing

/// `relight run` and the daemon on one SQLite journal (the same relight.yaml): the run's items are in
/// folders the daemon does not watch, so the daemon must leave them to the run, not fail them.
@Suite(.timeLimit(.minutes(2)))
struct RunBesideTheDaemonTests {
    /// A second process's pipeline on `studio`'s journal (the same relight.yaml), not yet running.
    static func secondPipeline(_ studio: LocalPipeline, label: String) throws -> (Pipeline, LoadedConfiguration) {
        let loaded = try ConfigLoader.load(path: studio.scratch.url("relight.yaml"), environment: [:])
        let pipeline = Pipeline(
            configuration: loaded.configuration, profiles: loaded.profiles, journal: try Journal(stateDirectory: loaded.configuration.stateDirectory),
            provider: LocalProvider(threads: 1), redactor: SecretRedactor(), settings: .init(concurrency: 1, maxAttempts: 1),
            logger: Logger(label: label))
        return (pipeline, loaded)
    }

    @Test func theDaemonLeavesARunsQueuedItemsToTheRun() async throws {
        let studio = try LocalPipeline()
        let daemon = studio.pipeline, scratch = studio.scratch
        let daemonRunner = Task { await daemon.run() }
        defer { daemonRunner.cancel() }

        // The run's own pipeline on the same journal, queueing shoot/a.jpg before it starts working.
        let (run, _) = try Self.secondPipeline(studio, label: "run")
        let photo = try scratch.write("shoot/a.jpg", studio.photo)
        let entry = WatchEntry(
            path: scratch.url("shoot"), profiles: .list(["warm"]), output: scratch.url("out"), sidecar: false, location: WatchEntry.runLocation)
        await run.register(entry: entry)
        let report = await run.accept(IncomingFile(path: photo, entry: entry, profiles: ["warm"], wantsOutputsInItsFolder: true))
        guard let id = report.waiting["warm"] else {
            Issue.record("the run did not queue the photo: \(report)")
            return
        }

        // The daemon sees the journal change (another process wrote it) and reads its open items.
        await daemon.journalChanged()
        try await Task.sleep(for: .seconds(1))
        let untouched = try await studio.journal.item(id: id)
        #expect(untouched?.state == .queued, "the daemon left it queued: \(untouched?.lastError ?? "")")
        // What the dashboard tells apart: the daemon serves in/ only.
        #expect(await daemon.currentSnapshot().servedFolders == [studio.entry.path])

        // The run relights it.
        let runRunner = Task { await run.run() }
        defer { runRunner.cancel() }
        let deadline = Date().addingTimeInterval(30)
        while try await studio.journal.item(id: id)?.state != .done, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(try await studio.journal.item(id: id)?.state == .done)
        #expect(scratch.files(in: "out").contains("a_warm_1.jpg"), "\(scratch.files(in: "out"))")
        await run.stop()
        await daemon.stop()
        _ = await (runRunner.result, daemonRunner.result)
    }

    @Test func aFolderBackInRelightYAMLHasItsQueuedPhotosRelit() async throws {
        let studio = try LocalPipeline()
        let daemon = studio.pipeline, scratch = studio.scratch
        let daemonRunner = Task { await daemon.run() }
        defer { daemonRunner.cancel() }
        // A photo queued for `more/` (as when the folder was in relight.yaml and the daemon stopped), not watched now.
        let (other, loaded) = try Self.secondPipeline(studio, label: "other")
        let photo = try scratch.write("more/a.jpg", studio.photo)
        let entry = WatchEntry(path: scratch.url("more"), profiles: .list(["warm"]), output: scratch.url("more-relit"), location: .init(file: "test"))
        await other.register(entry: entry)
        guard let id = await other.accept(IncomingFile(path: photo, entry: entry, profiles: ["warm"])).waiting["warm"] else {
            Issue.record("the photo was not queued")
            return
        }
        await daemon.journalChanged()
        try await Task.sleep(for: .milliseconds(500))
        #expect(try await studio.journal.item(id: id)?.state == .queued, "not the daemon's while more/ is not watched")

        // more/ comes back into relight.yaml: the daemon relights what was queued for it.
        var configuration = loaded.configuration
        configuration.watch.append(entry)
        await daemon.update(configuration: configuration, profiles: loaded.profiles)
        let deadline = Date().addingTimeInterval(30)
        while try await studio.journal.item(id: id)?.state != .done, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(try await studio.journal.item(id: id)?.state == .done)
        #expect(scratch.files(in: "more-relit").contains("a_warm_1.jpg"), "\(scratch.files(in: "more-relit"))")
        await daemon.stop()
        _ = await daemonRunner.result
    }
}
