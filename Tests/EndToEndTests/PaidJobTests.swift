import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import PixelDojo
import RelightConfig
import RelightPipeline
import Relighting
import Testing

/// A submitted job has been paid for: an outage never fails it, a retry resumes it rather than
/// paying again, and only a job that can deliver nothing more is submitted anew. The real runner,
/// journal and cloud provider against the real sandbox binary, with its outage switch.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct PaidJobTests {
    /// A runner with fast retries over a fresh journal, and one queued item for a real photo.
    struct Bench {
        let sandbox: SandboxProcess
        let folder: String
        let journal: Journal
        let provider: CloudProvider
        var runner: ItemRunner
        let job: ItemJob

        init(_ sandbox: SandboxProcess, jobTimeout: Duration = .seconds(60), maxAttempts: Int = 2) async throws {
            self.sandbox = sandbox
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("relight-paid-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: folder + "/in", withIntermediateDirectories: true)
            let source = folder + "/in/rocket.jpg"
            try FileManager.default.copyItem(atPath: Bundle.module.url(forResource: "Fixtures/rocket.jpg", withExtension: nil)!.path, toPath: source)
            let configuration = RelightConfiguration(
                file: folder + "/relight.yaml", baseDirectory: folder, provider: .pixeldojo, providerIsExplicit: true,
                profilesDirectory: folder + "/profiles", stateDirectory: folder + "/state",
                pixeldojo: PixelDojoSettings(
                    baseURL: sandbox.origin + "/api/v1", pollInterval: .milliseconds(50), maxPollInterval: .milliseconds(200), jobTimeout: jobTimeout,
                    requestsPerMinute: 60_000),
                upload: .presignService(PresignServiceSettings(url: sandbox.origin + "/presign")),
                budget: BudgetSettings(), watch: [], status: StatusSettings(listen: nil))
            var provider = try CloudProvider.make(configuration, environment: SandboxProcess.environment)
            // A few quick tries per call: the runner's own handling is what is tested.
            provider.retry = .init(baseDelay: .milliseconds(10), maxDelay: .milliseconds(50), maxAttempts: 3)
            provider.keptDownloads = KeptDownloads(folder: folder + "/state/downloads")
            self.provider = provider
            journal = try Journal(stateDirectory: folder + "/state")
            runner = ItemRunner(journal: journal, provider: provider, redactor: SecretRedactor(), maxAttempts: maxAttempts, logger: Logger(label: "test"))
            runner.outageRetryDelay = .milliseconds(100)
            let profile = LightingProfile(
                name: "golden-hour", prompt: "golden hour sunlight", lightSource: "Left Light", outputFormat: .jpg, deliver: .generated)
            let entry = WatchEntry(path: folder + "/in", profiles: .list(["golden-hour"]), output: folder + "/out", location: SourceLocation(file: "test"))
            let sha = try ContentHash.sha256(ofFile: source)
            guard case .queued(let item) = try await journal.enqueue(JournalItem(
                sourceSHA256: sha, profile: "golden-hour", fingerprint: profile.fingerprint, sourcePath: source, watchPath: entry.path, provider: "pixeldojo"))
            else { throw CancellationError() }
            job = ItemJob(item: item, profile: profile, naming: OutputNaming(entry: entry, profile: "golden-hour", source: source, model: "magic-lighting"), sidecar: true)
        }

        /// The item as the journal has it now.
        func item() async throws -> JournalItem { try #require(try await journal.item(id: job.item.id!)) }

        /// Runs the item as the daemon would after its backoff: from what the journal says.
        func run() async throws -> ItemOutcome {
            var again = job
            again.item = try await item()
            return await runner.run(again)
        }

        func submits() async throws -> Int? { try await sandbox.stats()["submits"] as? Int }

        func errorReport() throws -> [String: Any] {
            let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/out/rocket_golden-hour.error.json"))
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }

        func close() async {
            try? await provider.shutdown()
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    /// The poll of a paid job meets a network outage longer than every retry: before, the item used
    /// up its attempts and failed, and `relight retry` submitted (and paid for) it again.
    @Test func anOutageWhileAJobRunsNeverFailsIt() async throws {
        let sandbox = try await SandboxProcess(["--job-duration", "1500ms"])
        let bench = try await Bench(sandbox, maxAttempts: 2)
        defer { Task { await bench.close() } }
        // The outage starts as soon as the job id is journaled, while the sandbox still works on it.
        let cut = Task {
            while try await bench.item().jobID == nil { try await Task.sleep(for: .milliseconds(10)) }
            try await sandbox.control("/sandbox/outage", #"{"seconds": 600}"#)
        }
        var outcomes: [ItemOutcome] = [try await bench.run()]
        try await cut.value
        // Many more runs than maxAttempts, all within the outage.
        for _ in 0..<4 { outcomes.append(try await bench.run()) }
        for outcome in outcomes {
            guard case .retryLater(let item, _) = outcome else {
                Issue.record("a paid job was given up during an outage: \(outcome)")
                return
            }
            #expect(item.state == .submitted)
            #expect(item.jobID != nil)
            #expect(item.attempts == 0, "an outage spends no attempts")
        }
        let waiting = try await bench.item()
        #expect(waiting.state == .submitted)
        #expect(waiting.lastError?.contains("Gave up after 3 attempts") == true, "\(waiting.lastError ?? "")")

        try await sandbox.control("/sandbox/outage", #"{"seconds": 0}"#)
        guard case .done(let done) = try await bench.run() else {
            Issue.record("the job was not delivered once the network was back")
            return
        }
        #expect(done.jobID == waiting.jobID)
        #expect(FileManager.default.fileExists(atPath: bench.folder + "/out/rocket_golden-hour_1.jpg"))
        #expect(try await bench.submits() == 1, "paid once")
    }

    /// A job that failed for a reason of its own (here it outran `job_timeout`) keeps its id: a retry
    /// resumes it. Before, `relight retry` cleared the id and the photo was submitted, and paid, again.
    @Test func aRetryResumesTheJobItPaidFor() async throws {
        let sandbox = try await SandboxProcess(["--job-duration", "3s"])
        let bench = try await Bench(sandbox, jobTimeout: .milliseconds(500), maxAttempts: 1)
        defer { Task { await bench.close() } }
        guard case .failed(let failed) = try await bench.run() else {
            Issue.record("the job was expected to time out")
            return
        }
        let jobID = try #require(failed.jobID, "the failed item keeps its job id")
        let report = try bench.errorReport()
        #expect(report["job_id"] as? String == jobID)
        #expect((report["hint"] as? String)?.contains("a retry resumes the cloud job \(jobID), it is not submitted or charged again") == true, "\(report)")

        #expect(try await bench.journal.retry(ids: [failed.id!]) == [failed.id!])
        let queued = try await bench.item()
        #expect(queued.state == .queued)
        #expect(queued.jobID == jobID)
        try await Task.sleep(for: .seconds(3))
        guard case .done(let done) = try await bench.run() else {
            Issue.record("the retried job was not delivered")
            return
        }
        #expect(done.jobID == jobID)
        #expect(try await bench.submits() == 1, "a retry does not pay again")
        #expect(!FileManager.default.fileExists(atPath: bench.folder + "/out/rocket_golden-hour.error.json"))
    }

    /// A job the API ended `failed` can deliver nothing: its id is forgotten, the error file says a
    /// retry pays again, and a retry does submit anew.
    @Test func aFailedJobIsSubmittedAnewByARetry() async throws {
        let sandbox = try await SandboxProcess(["--fail-rate", "1"])
        let bench = try await Bench(sandbox, maxAttempts: 3)
        defer { Task { await bench.close() } }
        guard case .failed(let failed) = try await bench.run() else {
            Issue.record("the sandbox fails every job")
            return
        }
        #expect(failed.jobID == nil, "an ended job is not resumed")
        #expect(failed.lastError?.contains("Injected job failure") == true)
        let report = try bench.errorReport()
        let jobID = try #require(report["job_id"] as? String)
        #expect((report["hint"] as? String)?.contains("the cloud job \(jobID) has ended, so a retry submits the photo again and is charged again") == true, "\(report)")
        #expect(try await bench.submits() == 1)

        _ = try await bench.journal.retry(ids: [failed.id!])
        _ = try await bench.run()
        #expect(try await bench.submits() == 2, "the retry submitted anew")
    }
}
