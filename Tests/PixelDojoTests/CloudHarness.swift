import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import PixelDojo
import PresignedUpload
import RelightConfig
import Relighting
import Sandbox
import Testing

/// A sandbox on loopback plus a client, uploader and provider pointed at it, with fast retry timings.
struct CloudHarness {
    static let apiKey = "pd_test_key_0123456789"
    let sandbox: RunningSandbox
    let http: HTTPClient
    var settings: PixelDojoSettings
    let uploader: any ImageUploader

    static func start(_ configure: (inout SandboxConfiguration) -> Void = { _ in }) async throws -> CloudHarness {
        var configuration = SandboxConfiguration(apiKey: apiKey, jobDuration: .milliseconds(20))
        configure(&configuration)
        let sandbox = try await SandboxServer.start(configuration)
        let http = PixelDojoClient.makeHTTPClient()
        let settings = PixelDojoSettings(
            baseURL: sandbox.apiBaseURL, pollInterval: .milliseconds(20), maxPollInterval: .milliseconds(100),
            jobTimeout: .seconds(60), requestsPerMinute: 1_000_000, maxDownloadBytes: 10 << 20
        )
        let uploader = try makeUploader(
            .presignService(PresignServiceSettings(url: sandbox.presignURL, tokenEnv: "TEST_PRESIGN")),
            environment: ["TEST_PRESIGN": apiKey], httpClient: http
        )
        return CloudHarness(sandbox: sandbox, http: http, settings: settings, uploader: uploader)
    }

    func stop() async {
        try? await http.shutdown()
        await sandbox.stop()
    }

    func client(key: String = CloudHarness.apiKey, _ adjust: (inout PixelDojoSettings) -> Void = { _ in }) -> PixelDojoClient {
        var settings = settings
        adjust(&settings)
        return PixelDojoClient(settings: settings, apiKey: APIKey(key), httpClient: http)
    }

    func provider(client: PixelDojoClient? = nil, gate: SubmissionGate = SubmissionGate(), maxAttempts: Int = 12) -> CloudProvider {
        CloudProvider(
            client: client ?? self.client(), uploader: uploader, gate: gate,
            retry: .init(baseDelay: .milliseconds(10), maxDelay: .milliseconds(100), maxAttempts: maxAttempts, maxCreditCheckDelay: .milliseconds(100))
        )
    }

    /// A copy of the fixture photo under a temporary folder.
    static func photo() throws -> String {
        let source = Bundle.module.url(forResource: "rocket", withExtension: "jpg", subdirectory: "Fixtures")!
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("relight-cloud-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("rocket.jpg").path
        try FileManager.default.copyItem(atPath: source.path, toPath: path)
        return path
    }

    /// `deliver: generated`: these tests are about the API client, and the echo engine hands back
    /// exactly what went up. FullFrameCloudTests covers `deliver: source`.
    static func profile(images: Int = 1, extra: [String: JSONValue] = [:]) -> LightingProfile {
        LightingProfile(
            name: "golden-hour", prompt: "golden hour sunlight", lightSource: "Left Light", numberOfImages: images, outputFormat: .jpg,
            deliver: .generated, extra: extra)
    }

    /// Uploads the photo and returns the parameters of a valid submit.
    func parameters(images: Int = 1, extra: [String: JSONValue] = [:]) async throws -> [String: JSONValue] {
        let object = try await uploader.upload(try await SourceImage.inspect(path: try Self.photo()))
        var parameters = Self.profile(images: images, extra: extra).apiParameters
        parameters["subject_image"] = .string(object.fileURL.url)
        return parameters
    }

    func stats() async throws -> SandboxStats {
        let response = try await http.execute(HTTPClientRequest(url: sandbox.origin + "/sandbox/stats"), timeout: .seconds(90))
        return try JSONDecoder().decode(SandboxStats.self, from: Data(buffer: try await response.body.collect(upTo: 1 << 20)))
    }

    func control(_ path: String, _ json: String = "{}") async throws {
        var request = HTTPClientRequest(url: sandbox.origin + path)
        request.method = .POST
        request.body = .bytes(ByteBuffer(string: json))
        let response = try await http.execute(request, timeout: .seconds(90))
        #expect(response.status == .ok)
        _ = try await response.body.collect(upTo: 1 << 20)
    }

    /// Submits and polls until the job ends, with the bare client (no retries).
    func completedJob(_ client: PixelDojoClient, images: Int = 1) async throws -> (SubmittedJob, [String]) {
        let job = try await client.submit(try await parameters(images: images))
        for _ in 0..<500 {
            if case .completed(let outputs, _) = try await client.poll(job) { return (job, outputs) }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw PixelDojoError(.jobTimedOut, "the sandbox job did not complete")
    }
}

/// Records the events a provider reports.
actor EventLog {
    var events: [RelightEvent] = []
    func add(_ event: RelightEvent) { events.append(event) }
}
