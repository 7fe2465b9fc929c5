import Foundation
import PixelDojo
import PresignedUpload
import RelightConfig
import Relighting
import Sandbox
import Testing

/// The whole cloud path on loopback: upload through the presign service, submit, poll, download, clean up.
@Suite(.timeLimit(.minutes(2)))
struct CloudProviderTests {
    @Test func fullRunEndsInDecodableOutputsAndCleansUp() async throws {
        let harness = try await CloudHarness.start()
        defer { Task { await harness.stop() } }
        let path = try CloudHarness.photo()
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        let log = EventLog()
        let result = try await harness.provider().relight(
            RelightRequest(sourcePath: path, profile: CloudHarness.profile(images: 2)),
            events: { await log.add($0) }
        )
        #expect(result.images.count == 2)
        #expect(result.creditCost == 2)
        #expect(result.model == "magic-lighting")
        for (offset, image) in result.images.enumerated() {
            #expect(image.index == offset + 1)
            #expect(image.format == .jpg)
            #expect(Array(image.data.prefix(3)) == [0xFF, 0xD8, 0xFF])
            // Echo engine: the output is the photo (640×427, as ImageMagick's identify reports it).
            #expect(image.width == 640 && image.height == 427)
            #expect(image.data == original)
        }
        let events = await log.events
        #expect(events.first == .uploading)
        let jobID = try #require(result.jobID)
        let submitted = try #require(events.firstIndex(of: .submitted(jobID: jobID, creditCost: 2)))
        // The object's key is reported before the upload and the submit (the journal records it
        // there), its deletion last.
        guard case .uploadStarted(let upload)? = events.dropFirst().first else {
            Issue.record("no .uploadStarted right after .uploading: \(events)")
            return
        }
        #expect(events.firstIndex(of: .uploadStarted(upload))! < submitted)
        #expect(upload.contentType == "image/jpeg" && upload.size == Int64(original.count) && upload.sha256.count == 64)
        #expect(events.last == .uploadDeleted(key: upload.key))
        #expect(events.dropLast().last == .downloading)
        let stats = try await harness.stats()
        #expect(stats.submits == 1)
        #expect(stats.maxSubmitsPerContent == 1)
        #expect(stats.downloads == 2)
        #expect(stats.uploads == 1)
        #expect(stats.objectDeletes == 1)
        #expect(stats.storedObjects == 2)
    }

    @Test func resumePollsTheExistingJobWithoutSubmittingAgain() async throws {
        let harness = try await CloudHarness.start()
        defer { Task { await harness.stop() } }
        let job = try await harness.client().submit(try await harness.parameters())
        let log = EventLog()
        let result = try await harness.provider().resume(
            jobID: job.jobID, request: RelightRequest(sourcePath: try CloudHarness.photo(), profile: CloudHarness.profile()),
            events: { await log.add($0) }
        )
        #expect(result.jobID == job.jobID)
        #expect(result.images.count == 1)
        #expect(!(await log.events).contains { if case .submitted = $0 { return true } else { return false } })
        let stats = try await harness.stats()
        #expect(stats.submits == 1)
        #expect(stats.downloads == 1)
    }

    @Test func survivesEveryTransientFaultWithoutSubmittingTwice() async throws {
        let harness = try await CloudHarness.start {
            $0.faults.rateLimitEvery = 3
            $0.faults.retryAfterSeconds = 0
            $0.faults.errorRate = 0.2
            $0.faults.dropRate = 0.15
            $0.faults.truncateRate = 0.1
            $0.faults.latency = .milliseconds(5)
        }
        defer { Task { await harness.stop() } }
        let provider = harness.provider(maxAttempts: 30)
        for seed in 0..<4 {
            var profile = CloudHarness.profile()
            profile.seed = seed
            let result = try await provider.relight(RelightRequest(sourcePath: try CloudHarness.photo(), profile: profile))
            #expect(result.images.count == 1)
        }
        let stats = try await harness.stats()
        #expect(stats.jobsCompleted == 4)
        #expect((stats.faults["rate_limited"] ?? 0) > 0)
        #expect((stats.faults["internal_error"] ?? 0) + (stats.faults["dropped"] ?? 0) + (stats.faults["truncated"] ?? 0) > 0)
        // Four different relights of one photo: exactly four accepted submits, none repeated by a
        // retried submit, poll or download.
        #expect(stats.submits == 4)
        #expect(stats.submitsByContent.count == 4)
        #expect(stats.maxSubmitsPerContent == 1)
    }

    @Test func aRepeatedSubmitGetsTheFirstJobBack() async throws {
        let harness = try await CloudHarness.start()
        defer { Task { await harness.stop() } }
        let provider = harness.provider()
        let request = RelightRequest(sourcePath: try CloudHarness.photo(), profile: CloudHarness.profile())
        let first = try await provider.relight(request)
        // The same photo and parameters again, as after a crash that lost the first answer.
        let second = try await provider.relight(request)
        #expect(first.jobID == second.jobID)
        let stats = try await harness.stats()
        #expect(stats.submits == 1)
        #expect(stats.idempotentReplays == 1)
        #expect(stats.submitCalls == 2)
    }

    @Test func pausesOn402AndResumesWhenCreditsReturn() async throws {
        let harness = try await CloudHarness.start { $0.credits = 1 }
        defer { Task { await harness.stop() } }
        let provider = harness.provider()
        _ = try await provider.relight(RelightRequest(sourcePath: try CloudHarness.photo(), profile: CloudHarness.profile()))
        var other = CloudHarness.profile()
        other.seed = 7
        let second = Task { [other] in try await provider.relight(RelightRequest(sourcePath: try CloudHarness.photo(), profile: other)) }
        // Wait until the sandbox has refused at least twice, then top up.
        for _ in 0..<200 where (try await harness.stats().faults["insufficient_credits"] ?? 0) < 2 {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect((try await harness.stats().faults["insufficient_credits"] ?? 0) >= 2)
        // The operator sees why the provider holds work back (the daemon's /healthz asks this),
        // also between two credit checks, until a submit goes through.
        let pause = await provider.submissionPause()
        #expect(pause?.reason.contains("402") == true, "\(String(describing: pause))")
        try await harness.control("/sandbox/credits", #"{"add": 5}"#)
        let result = try await second.value
        #expect(result.images.count == 1)
        let stats = try await harness.stats()
        #expect(stats.submits == 2)
        #expect(stats.creditsRemaining == 4)
    }

    @Test func aRefusedKeyHoldsSubmissionUntilTheKeyFileIsFixed() async throws {
        let harness = try await CloudHarness.start()
        defer { Task { await harness.stop() } }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("relight-key-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let keyFile = folder + "/api-key"
        try Self.writeKey("pd_wrong_key_999\n", to: keyFile)
        var settings = harness.settings
        settings.apiKeyFile = keyFile
        let keys = try APIKeyStore.load(settings, environment: [:])
        let client = PixelDojoClient(settings: settings, keys: keys, httpClient: harness.http)
        let gate = SubmissionGate()
        let provider = {
            var provider = harness.provider(client: client, gate: gate)
            provider.retry.maxKeyCheckDelay = .milliseconds(100)
            return provider
        }()
        let first = Task { try await provider.relight(RelightRequest(sourcePath: try CloudHarness.photo(), profile: CloudHarness.profile())) }
        var other = CloudHarness.profile()
        other.seed = 7
        let second = Task { [other] in try await provider.relight(RelightRequest(sourcePath: try CloudHarness.photo(), profile: other)) }
        // Refused, and refused again at the next checks (every 100 ms at most): submission is held
        // and nothing fails meanwhile.
        for _ in 0..<250 {
            if case .held = await gate.state { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        try await Task.sleep(for: .milliseconds(500))
        #expect(try await harness.stats().submits == 0)
        let pause = try #require(await provider.submissionPause())
        #expect(pause.reason.contains("401") && pause.reason.contains(keyFile) && pause.reason.contains("no restart needed"), "\(pause.reason)")
        #expect(!pause.reason.contains("pd_wrong_key_999"))
        if case .held = await gate.state {} else { Issue.record("the gate must hold submission") }
        // Fix the file: both items go through, without a restart and without a double submit.
        try Self.writeKey(CloudHarness.apiKey + "\n", to: keyFile)
        #expect(try await first.value.images.count == 1)
        #expect(try await second.value.images.count == 1)
        #expect(keys.current.value == CloudHarness.apiKey)
        #expect(await provider.submissionPause() == nil)
        let stats = try await harness.stats()
        #expect(stats.submits == 2)
        #expect(stats.maxSubmitsPerContent == 1)
    }

    @Test func aKeyFromTheEnvironmentSaysToRestart() async throws {
        let harness = try await CloudHarness.start()
        defer { Task { await harness.stop() } }
        let parameters = try await harness.parameters()
        do {
            _ = try await harness.client(key: "pd_wrong_key_999").submit(parameters)
            Issue.record("a wrong key must be refused")
        } catch {
            #expect(error.kind == .unauthorized)
            #expect(error.message.contains("PIXELDOJO_API_KEY") && error.message.contains("cannot change under a running process"))
            #expect(error.message.contains("systemctl restart relight"))
            #expect(!error.message.contains("pd_wrong_key_999"))
        }
    }

    /// Writes the key file as an operator would: mode 0600, replaced in one step.
    static func writeKey(_ text: String, to path: String) throws {
        let temporary = path + ".tmp"
        _ = FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        guard rename(temporary, path) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    @Test func theGateAnnouncesAPauseOnceAndItsEnd() async throws {
        let gate = SubmissionGate()
        #expect(await gate.currentPause() == nil)
        #expect(await gate.pause(for: .seconds(30)), "the first 402 starts the pause")
        #expect(await !gate.pause(for: .seconds(5)), "later ones only extend it, quietly")
        let pause = try #require(await gate.currentPause())
        #expect(pause.reason.contains("out of credits") && pause.until.map { $0.timeIntervalSinceNow > 20 } == true, "the longer pause is kept")
        #expect(await gate.reopen())
        #expect(await !gate.reopen())
        #expect(await gate.currentPause() == nil)
        // A pause whose wait is over still counts until a submit goes through.
        #expect(await gate.pause(for: .milliseconds(1)))
        try await Task.sleep(for: .milliseconds(20))
        let lapsed = try #require(await gate.currentPause())
        #expect(lapsed.reason.contains("out of credits") && lapsed.until == nil)
        #expect(await gate.reopen())
        // A refused key holds submission; a 402 after it means the key is accepted again.
        #expect(await gate.hold(PixelDojoError(.unauthorized, "refused (401)"), for: .seconds(30)))
        #expect(await !gate.hold(PixelDojoError(.unauthorized, "refused (401)"), for: .seconds(5)), "announced once")
        #expect(await gate.currentPause()?.reason == "refused (401)")
        #expect(await gate.pause(for: .seconds(5)), "credits, not the key, are the problem now")
        #expect(await gate.currentPause()?.reason.contains("out of credits") == true)
        #expect(await gate.hold(PixelDojoError(.unauthorized, "refused (401)"), for: .seconds(5)))
        #expect(await gate.reopen())
        #expect(await gate.currentPause() == nil)
    }

    @Test func failedJobsFailTheItem() async throws {
        let harness = try await CloudHarness.start { $0.faults.failRate = 1 }
        defer { Task { await harness.stop() } }
        do {
            _ = try await harness.provider().relight(RelightRequest(sourcePath: try CloudHarness.photo(), profile: CloudHarness.profile()))
            Issue.record("a failed job must fail the item")
        } catch let error as PixelDojoError {
            #expect(error.kind == .jobFailed)
            #expect(error.message.contains("Injected job failure"))
        }
        let stats = try await harness.stats()
        #expect(stats.submits == 1)
        #expect(stats.objectDeletes == 1)
    }

    @Test func invalidParametersFailTheItemWithoutRetrying() async throws {
        let harness = try await CloudHarness.start()
        defer { Task { await harness.stop() } }
        do {
            _ = try await harness.provider().relight(RelightRequest(sourcePath: try CloudHarness.photo(), profile: CloudHarness.profile(extra: ["aspect_ratio": .string("1:1")])))
            Issue.record("an unknown parameter must fail")
        } catch let error as PixelDojoError {
            #expect(error.kind == .invalidRequest)
            #expect(error.message.contains("did you mean 'aspectRatio'"))
        }
        #expect(try await harness.stats().submitCalls == 1)
    }
}

extension CloudProviderTests {
    /// A photo whose name is not UTF-8 (Latin-1 `caf\xE9.jpg`) is inspected and uploaded by its real bytes.
    @Test func uploadsASourceWhoseNameIsNotUTF8() async throws {
        let harness = try await CloudHarness.start()
        defer { Task { await harness.stop() } }
        let fixture = try CloudHarness.photo()
        let original = try Data(contentsOf: URL(fileURLWithPath: fixture))
        let latin1 = PathBytes((fixture as NSString).deletingLastPathComponent).appending(Array("caf".utf8) + [0xE9] + Array(".jpg".utf8))
        #expect(latin1.withCString { rename(fixture, $0) } == 0)
        // deliver: generated (the harness's) uploads the original itself; deliver: source would send a proxy.
        let profile = CloudHarness.profile()
        let result = try await harness.provider().relight(RelightRequest(sourcePath: latin1.string, profile: profile), events: { _ in })
        #expect(result.images.map(\.data) == [original], "the echo engine returns the uploaded bytes")
        #expect(try await harness.stats().uploads == 1)
    }
}
