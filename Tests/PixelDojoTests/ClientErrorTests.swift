import AsyncHTTPClient
import Foundation
import NIOCore
@testable import PixelDojo
import PresignedUpload
import RelightConfig
import Sandbox
import Testing

/// Each documented error code and each fault switch, one bare client call at a time (no retries).
@Suite(.timeLimit(.minutes(2)))
struct ClientErrorTests {
    /// The call's error, after checking that it never quotes the API key.
    static func failure(_ call: () async throws -> Void) async -> PixelDojoError? {
        do {
            try await call()
            return nil
        } catch let error as PixelDojoError {
            #expect(!error.message.contains(CloudHarness.apiKey))
            #expect(!error.message.contains("X-Amz-Signature") && !error.message.contains("sig="))
            return error
        } catch {
            Issue.record("expected a PixelDojoError, got \(error)")
            return nil
        }
    }

    @Test func unauthorized401() async throws {
        let harness = try await CloudHarness.start()
        defer { Task { await harness.stop() } }
        let parameters = try await harness.parameters()
        let error = await Self.failure { _ = try await harness.client(key: "pd_other").submit(parameters) }
        #expect(error?.kind == .unauthorized)
        #expect(error?.status == 401)
        #expect(error?.message.contains("PIXELDOJO_API_KEY") == true)
    }

    @Test func invalidRequest400QuotesTheServer() async throws {
        let harness = try await CloudHarness.start()
        defer { Task { await harness.stop() } }
        var parameters = try await harness.parameters()
        parameters["width"] = .int(1024)
        let error = await Self.failure { _ = try await harness.client().submit(parameters) }
        #expect(error?.kind == .invalidRequest)
        #expect(error?.status == 400)
        #expect(error?.message.contains("'width' must be a string") == true)
    }

    @Test func modelNotFound404() async throws {
        let harness = try await CloudHarness.start()
        defer { Task { await harness.stop() } }
        var client = harness.client()
        client.model = "no-such-model"
        let parameters = try await harness.parameters()
        let error = await Self.failure { _ = try await client.submit(parameters) }
        #expect(error?.kind == .modelNotFound)
        #expect(error?.status == 404)
    }

    @Test func insufficientCredits402() async throws {
        let harness = try await CloudHarness.start { $0.credits = 1 }
        defer { Task { await harness.stop() } }
        let parameters = try await harness.parameters(images: 2)
        let error = await Self.failure { _ = try await harness.client().submit(parameters) }
        #expect(error?.kind == .insufficientCredits)
        #expect(error?.status == 402)
    }

    @Test func rateLimited429CarriesRetryAfter() async throws {
        let harness = try await CloudHarness.start { $0.faults.rateLimitEvery = 1; $0.faults.retryAfterSeconds = 7 }
        defer { Task { await harness.stop() } }
        let parameters = try await harness.parameters()
        let error = await Self.failure { _ = try await harness.client().submit(parameters) }
        #expect(error?.kind == .rateLimited)
        #expect(error?.retryAfter == .seconds(7))
        #expect(error?.isTransient == true)
    }

    @Test func internalError500() async throws {
        let harness = try await CloudHarness.start { $0.faults.errorRate = 1 }
        defer { Task { await harness.stop() } }
        let parameters = try await harness.parameters()
        let error = await Self.failure { _ = try await harness.client().submit(parameters) }
        #expect(error?.kind == .serverError)
        #expect(error?.status == 500)
        #expect(error?.isTransient == true)
        // The server's "Injected server error." inside relight's own sentence: one full stop, not two.
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains(": Injected server error. It will be retried.") && !message.contains(".."), "\(message)")
    }

    @Test func droppedConnectionIsATransientNetworkError() async throws {
        let harness = try await CloudHarness.start { $0.faults.dropRate = 1 }
        defer { Task { await harness.stop() } }
        let parameters = try await harness.parameters()
        let error = await Self.failure { _ = try await harness.client().submit(parameters) }
        #expect(error?.kind == .network)
        #expect(error?.isTransient == true)
    }

    @Test func bodyCutOffMidwayIsANetworkError() async throws {
        let harness = try await CloudHarness.start { $0.faults.truncateRate = 1 }
        defer { Task { await harness.stop() } }
        let parameters = try await harness.parameters()
        let error = await Self.failure { _ = try await harness.client().submit(parameters) }
        #expect(error?.kind == .network)
    }

    @Test func malformedBodySaysWhatArrived() async throws {
        let harness = try await CloudHarness.start { $0.faults.malformedRate = 1 }
        defer { Task { await harness.stop() } }
        let parameters = try await harness.parameters()
        let error = await Self.failure { _ = try await harness.client().submit(parameters) }
        #expect(error?.kind == .malformedResponse)
        #expect(error?.message.contains("502 Bad Gateway") == true)
    }

    @Test func slowServerWithinTheTimeoutSucceedsAndBeyondItTimesOut() async throws {
        let harness = try await CloudHarness.start { $0.faults.latency = .milliseconds(400) }
        defer { Task { await harness.stop() } }
        let parameters = try await harness.parameters()
        let job = try await harness.client().submit(parameters)
        #expect(job.jobID.hasPrefix("job_"))
        var impatient = harness.client()
        impatient.submitTimeout = .milliseconds(100)
        let error = await Self.failure { _ = try await impatient.submit(parameters) }
        #expect(error?.kind == .network)
        #expect(error?.message.contains("timed out") == true)
    }

    @Test func submitTimeoutAllowsForSlowSubmits() {
        let client = PixelDojoClient(settings: PixelDojoSettings(), apiKey: APIKey("k"), httpClient: .shared)
        #expect(client.submitTimeout >= .seconds(60))
    }

    @Test func refusedConnectionIsANetworkError() async throws {
        let harness = try await CloudHarness.start()
        let parameters = try await harness.parameters()
        await harness.stop()
        let http = PixelDojoClient.makeHTTPClient(connectTimeout: .seconds(1))
        let client = PixelDojoClient(settings: harness.settings, apiKey: APIKey(CloudHarness.apiKey), httpClient: http)
        let error = await Self.failure { _ = try await client.submit(parameters) }
        #expect(error?.kind == .network)
        try await http.shutdown()
    }

    @Test func expiredOutputURLIsRefusedWithAHint() async throws {
        let harness = try await CloudHarness.start()
        defer { Task { await harness.stop() } }
        let client = harness.client()
        let (_, outputs) = try await harness.completedJob(client)
        try await harness.control("/sandbox/expire-outputs")
        let error = await Self.failure { _ = try await client.download(outputs[0]) }
        #expect(error?.kind == .downloadFailed)
        #expect(error?.status == 403)
        #expect(error?.message.contains("expire") == true)
    }

    @Test func tooLargeDownloadIsRefused() async throws {
        let harness = try await CloudHarness.start()
        defer { Task { await harness.stop() } }
        let client = harness.client { $0.maxDownloadBytes = 50_000 }
        let (_, outputs) = try await harness.completedJob(client)
        let error = await Self.failure { _ = try await client.download(outputs[0]) }
        #expect(error?.kind == .downloadTooLarge)
        // The same output fits under the default cap.
        let image = try await harness.client().download(outputs[0])
        #expect(image.kind == .jpeg)
    }

    @Test func nonImageDownloadIsRefused() async throws {
        let harness = try await CloudHarness.start {
            $0.engine = ClosureEngine(name: "text") { _, _ in [Array("{\"not\": \"an image\"} padded to be long enough".utf8)] }
        }
        defer { Task { await harness.stop() } }
        let client = harness.client()
        let (_, outputs) = try await harness.completedJob(client)
        let error = await Self.failure { _ = try await client.download(outputs[0]) }
        #expect(error?.kind == .notAnImage)
    }

    @Test func statusURLOnAnotherHostNeverGetsTheKey() {
        let client = PixelDojoClient(settings: PixelDojoSettings(baseURL: "https://pixeldojo.ai/api/v1/"), apiKey: APIKey("k"), httpClient: .shared)
        #expect(client.statusURL(for: SubmittedJob(jobID: "a b")) == "https://pixeldojo.ai/api/v1/jobs/a%20b")
        #expect(client.statusURL(for: SubmittedJob(jobID: "j", statusURL: "https://evil.example/jobs/j")) == "https://pixeldojo.ai/api/v1/jobs/j")
        #expect(client.statusURL(for: SubmittedJob(jobID: "j", statusURL: "https://pixeldojo.ai/api/v2/jobs/j")) == "https://pixeldojo.ai/api/v2/jobs/j")
        #expect(client.statusURL(for: SubmittedJob(jobID: "j", statusURL: "/api/v1/jobs/j?x=1")) == "https://pixeldojo.ai/api/v1/jobs/j?x=1")
    }

    @Test func redirectsAreFollowedOnlyToHTTP() throws {
        #expect(try PixelDojoClient.resolve("https://cdn.example/a.png", against: "https://x/y/z.png") == "https://cdn.example/a.png")
        #expect(try PixelDojoClient.resolve("/b.png", against: "https://x/y/z.png?sig=1") == "https://x/b.png")
        #expect(try PixelDojoClient.resolve("c.png", against: "https://x/y/z.png?sig=1") == "https://x/y/c.png")
        #expect(try PixelDojoClient.resolve("//cdn/d.png", against: "http://x/y") == "http://cdn/d.png")
        for bad in ["file:///etc/passwd", "ftp://x/y.png", "javascript:alert(1)", "data:image/png;base64,AAAA"] {
            #expect(throws: PixelDojoError.self) { try PixelDojoClient.resolve(bad, against: "https://x/y") }
        }
    }
}
