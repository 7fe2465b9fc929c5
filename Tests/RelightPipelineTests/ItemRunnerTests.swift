import Foundation
import Logging
import RelightConfig
import RelightPipeline
import Relighting
import Synchronization
import Testing

/// The runner's bookkeeping around a provider: job ids journaled before anything else, and the
/// state an item shows while the provider holds it back.
@Suite(.timeLimit(.minutes(2)))
struct ItemRunnerTests {
    /// A provider that reports a submitted job (as the cloud one does) after running `before`.
    struct SubmittingProvider: RelightProvider {
        let name = "pixeldojo"
        let before: @Sendable () async throws -> Void
        let submitThrew = Flag()

        func relight(_ request: RelightRequest, events: @escaping RelightEvents) async throws -> RelightResult {
            try await events(.uploading)
            try await before()
            do {
                try await events(.submitted(jobID: "job-42", creditCost: 1))
            } catch {
                submitThrew.set()
                throw error
            }
            let pixel = Data([0xFF, 0xD8, 0xFF])
            return RelightResult(images: [RelitImage(data: pixel, format: .jpg, width: 1, height: 1, index: 1)], jobID: "job-42", creditCost: 1, model: "magic-lighting")
        }

        func resume(jobID: String, request: RelightRequest, events: @escaping RelightEvents) async throws -> RelightResult {
            try await relight(request, events: events)
        }
    }

    final class Flag: Sendable {
        private let value = Mutex(false)
        func set() { value.withLock { $0 = true } }
        var isSet: Bool { value.withLock { $0 } }
    }

    func job(_ scratch: Scratch, journal: Journal) async throws -> ItemJob {
        let source = try scratch.write("in/a.jpg", Data("photo".utf8))
        let profile = LightingProfile(name: "warm", prompt: "warm light")
        let entry = WatchEntry(path: scratch.url("in"), profiles: .list(["warm"]), output: scratch.url("out"), location: SourceLocation(file: "test"))
        guard case .queued(let item) = try await journal.enqueue(JournalItem(
            sourceSHA256: "aa", profile: "warm", fingerprint: profile.fingerprint, sourcePath: source, watchPath: entry.path, provider: "pixeldojo"))
        else { throw CancellationError() }
        return ItemJob(item: item, profile: profile, naming: OutputNaming(entry: entry, profile: "warm", source: source, model: "magic-lighting"), sidecar: true)
    }

    /// Issue 11.9: a job id the journal will not take (here: another process holds SQLite's write
    /// lock past the busy timeout) stops the item loudly instead of letting it run on unrecorded.
    @Test func aJobIDThatCannotBeJournaledStopsTheItem() async throws {
        let scratch = try Scratch()
        let journal = try Journal(stateDirectory: scratch.url("state"))
        let job = try await job(scratch, journal: journal)
        // Another process takes SQLite's write lock and keeps it until the test closes its stdin:
        // past the busy timeout however slowly this machine runs.
        let locker = Process()
        locker.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        locker.arguments = ["python3", "-c", """
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1], isolation_level=None)
            c.execute('BEGIN EXCLUSIVE')
            print('locked', flush=True)
            sys.stdin.read()
            c.execute('ROLLBACK')
            """, journal.path!]
        let output = Pipe(), input = Pipe()
        locker.standardOutput = output
        locker.standardInput = input
        let provider = SubmittingProvider(before: {
            try locker.run()
            _ = output.fileHandleForReading.availableData
        })
        let runner = ItemRunner(journal: journal, provider: provider, redactor: SecretRedactor(), logger: Logger(label: "test"))
        let outcome = await runner.run(job)
        try input.fileHandleForWriting.close()
        locker.waitUntilExit()
        #expect(provider.submitThrew.isSet, "the provider was stopped at the submit event")
        guard case .failed(let failed) = outcome else {
            Issue.record("expected the item to fail, got \(outcome)")
            return
        }
        #expect(failed.lastError?.contains("job-42") == true)
        #expect(failed.lastError?.contains("never submitted twice") == true)
        #expect(scratch.files(in: "out").filter { $0.hasSuffix(".jpg") }.isEmpty, "no output for a job that ran on unrecorded")
        // The error file beside the outputs keeps the job id even though the journal could not.
        let errorFile = try String(contentsOfFile: scratch.url("out/a_warm.error.json"), encoding: .utf8)
        #expect(errorFile.contains("job-42"))
    }

    /// A submit answer without `creditCost` still counts against today's budget while the job runs
    /// (the budget check takes a submitted item's credits from the journal, not what it set aside).
    @Test func aSubmitWithoutACreditCostCountsItsEstimate() async throws {
        let scratch = try Scratch()
        let journal = try Journal(stateDirectory: scratch.url("state"))
        var job = try await job(scratch, journal: journal)
        job.profile.numberOfImages = 2
        struct Silent: RelightProvider {
            let name = "pixeldojo"
            let journal: Journal
            let spent: @Sendable (Double) -> Void
            func relight(_ request: RelightRequest, events: @escaping RelightEvents) async throws -> RelightResult {
                try await events(.submitted(jobID: "job-7", creditCost: nil))
                spent(try await journal.creditsSpent(since: Date().addingTimeInterval(-60)))
                throw CancellationError()
            }
            func resume(jobID: String, request: RelightRequest, events: @escaping RelightEvents) async throws -> RelightResult {
                try await relight(request, events: events)
            }
        }
        let spent = Mutex<Double>(-1)
        let provider = Silent(journal: journal) { value in spent.withLock { $0 = value } }
        _ = await ItemRunner(journal: journal, provider: provider, redactor: SecretRedactor(), logger: Logger(label: "test")).run(job)
        let expected = CreditEstimate.credits(photos: 1, profile: job.profile, provider: .pixeldojo)
        #expect(expected >= 2)
        #expect(spent.withLock { $0 } == expected, "the running job counts as its estimate, not as nothing")
    }

    final class States: Sendable {
        private let states = Mutex<[ItemState]>([])
        func append(_ state: ItemState) { states.withLock { $0.append(state) } }
        var all: [ItemState] { states.withLock { $0 } }
    }

    /// Issue 11.9: the local engine's items are `relighting`, never `uploading`.
    @Test func theStateComesFromWhatTheProviderReports() async throws {
        let scratch = try Scratch()
        let journal = try Journal(stateDirectory: scratch.url("state"))
        let job = try await job(scratch, journal: journal)
        let seen = States()
        struct Reporting: RelightProvider {
            let name = "local"
            let journal: Journal
            let id: Int64
            let seen: @Sendable (ItemState) -> Void
            func relight(_ request: RelightRequest, events: @escaping RelightEvents) async throws -> RelightResult {
                seen(try await journal.item(id: id)!.state)
                try await events(.processing)
                seen(try await journal.item(id: id)!.state)
                try await events(.held(reason: "out of credits"))
                seen(try await journal.item(id: id)!.state)
                throw CancellationError()
            }
            func resume(jobID: String, request: RelightRequest, events: @escaping RelightEvents) async throws -> RelightResult {
                try await relight(request, events: events)
            }
        }
        let provider = Reporting(journal: journal, id: job.item.id!) { state in seen.append(state) }
        let runner = ItemRunner(journal: journal, provider: provider, redactor: SecretRedactor(), logger: Logger(label: "test"))
        _ = await runner.run(job)
        #expect(seen.all == [.queued, .relighting, .paused])
        #expect(runner.held.count == 0, "a finished item is no longer held")
    }
}
