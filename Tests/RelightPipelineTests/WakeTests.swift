import Foundation
import Logging
import RelightConfig
import RelightPipeline
import Relighting
import Synchronization
import Testing

/// The pipeline sleeps between nudges and sets a timer only for work that is due: these check
/// that work due later (a retry backoff, the end of a pause) and a journal written by another
/// connection (as `relight retry` does from its own process) are still picked up, with nothing
/// else nudging the pipeline.
@Suite(.timeLimit(.minutes(2)))
struct WakeTests {
    /// A provider whose first calls fail with the given dispositions; later calls return one small image.
    final class ScriptedProvider: RelightProvider {
        struct Failure: ProviderFailure {
            var disposition: FailureDisposition
            var description: String { "scripted failure" }
        }

        let name = "local"
        private let script: Mutex<[FailureDisposition]>
        private let calls = Mutex<[Date]>([])

        init(failing: [FailureDisposition]) { script = Mutex(failing) }

        /// When each call started.
        var callTimes: [Date] { calls.withLock { $0 } }

        func relight(_ request: RelightRequest, events: @escaping RelightEvents) async throws -> RelightResult {
            calls.withLock { $0.append(Date()) }
            if let failure = script.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) { throw Failure(disposition: failure) }
            return RelightResult(images: [RelitImage(data: Data("relit".utf8), format: .jpg, width: 1, height: 1, index: 1)], model: "test")
        }

        func resume(jobID: String, request: RelightRequest, events: @escaping RelightEvents) async throws -> RelightResult {
            try await relight(request, events: events)
        }
    }

    struct Setup {
        let scratch: Scratch
        let pipeline: Pipeline
        let journal: Journal
        let config: RelightConfiguration
        let file: IncomingFile
    }

    func setUp(_ provider: ScriptedProvider) async throws -> Setup {
        let scratch = try Scratch()
        try scratch.write("profiles/warm.yaml", Data("prompt: warm light\noutput_format: jpg\n".utf8))
        try scratch.write("relight.yaml", Data("""
            provider: local
            status: {listen: off}
            watch:
              - path: inbox
                profiles: [warm]
                output: relit

            """.utf8))
        let loaded = try ConfigLoader.load(path: scratch.url("relight.yaml"), environment: [:])
        let journal = try Journal(stateDirectory: loaded.configuration.stateDirectory)
        let pipeline = Pipeline(
            configuration: loaded.configuration, profiles: loaded.profiles, journal: journal, provider: provider,
            redactor: SecretRedactor(), settings: .init(concurrency: 1), logger: Logger(label: "wake"))
        let entry = try #require(loaded.configuration.watch.first)
        let path = try scratch.write("inbox/photo.jpg", Data("not decoded by the scripted provider".utf8))
        return Setup(scratch: scratch, pipeline: pipeline, journal: journal, config: loaded.configuration,
                     file: IncomingFile(path: path, entry: entry, profiles: ["warm"]))
    }

    func waitForOutcomes(_ pipeline: Pipeline, count: Int, seconds: Double = 20) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while await pipeline.outcomes.count < count, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
    }

    @Test func anItemWaitingOutItsBackoffStartsWhenDue() async throws {
        let provider = ScriptedProvider(failing: [.retry(after: .seconds(1))])
        let setup = try await setUp(provider)
        let pipeline = setup.pipeline
        let runner = Task { await pipeline.run() }
        await setup.pipeline.accept(setup.file)
        try await waitForOutcomes(setup.pipeline, count: 1)
        await setup.pipeline.stop()
        await runner.value

        let outcomes = await setup.pipeline.outcomes
        #expect(outcomes.count == 1)
        if case .done = outcomes.first {} else { Issue.record("not done: \(outcomes)") }
        let times = provider.callTimes
        #expect(times.count == 2)
        if times.count == 2 {
            let waited = times[1].timeIntervalSince(times[0])
            #expect(waited >= 0.95 && waited < 120, "the second attempt starts when its backoff ends, not before: \(waited) s")
        }
    }

    @Test func submissionResumesWhenAPauseEnds() async throws {
        let provider = ScriptedProvider(failing: [.pause(reason: "out of credits", retryAfter: .seconds(1))])
        let setup = try await setUp(provider)
        let pipeline = setup.pipeline
        let runner = Task { await pipeline.run() }
        await setup.pipeline.accept(setup.file)
        try await waitForOutcomes(setup.pipeline, count: 2)
        await setup.pipeline.stop()
        await runner.value

        let outcomes = await setup.pipeline.outcomes
        #expect(outcomes.count == 2, "the paused outcome, then done: \(outcomes)")
        if case .done = outcomes.last {} else { Issue.record("not done: \(outcomes)") }
        let times = provider.callTimes
        if times.count == 2 {
            let waited = times[1].timeIntervalSince(times[0])
            #expect(waited >= 0.95 && waited < 120, "the probe goes out when the pause ends, not before: \(waited) s")
        }
    }

    @Test func aRetryWrittenByAnotherConnectionIsPickedUpPromptly() async throws {
        let provider = ScriptedProvider(failing: [.fail])
        let setup = try await setUp(provider)
        let pipeline = setup.pipeline
        let runner = Task { await pipeline.run() }
        await setup.pipeline.accept(setup.file)
        try await waitForOutcomes(setup.pipeline, count: 1)
        if case .failed = await setup.pipeline.outcomes.first {} else { Issue.record("the first attempt fails") }
        // Idle for a while, then `relight retry`'s write, through a connection of its own.
        try await Task.sleep(for: .milliseconds(500))
        let other = try Journal(stateDirectory: setup.config.stateDirectory)
        let retried = Date()
        #expect(try await other.retry().count == 1)
        try await waitForOutcomes(setup.pipeline, count: 2, seconds: 10)
        let noticed = Date().timeIntervalSince(retried)
        await setup.pipeline.stop()
        await runner.value

        let outcomes = await setup.pipeline.outcomes
        #expect(outcomes.count == 2)
        if case .done = outcomes.last {} else { Issue.record("the retried item is done: \(outcomes)") }
        // Generous: the test suite runs in parallel on two shared cores. How promptly (about 0.1 s
        // after the commit) is measured by hand and in DirectoryMonitorTests, not timed here.
        #expect(noticed < 10, "picked up within \(noticed) s of the other connection's commit")
    }
}
