import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import RelightConfig
import Relighting
import Sandbox
import Testing

/// The sandbox's own contract, spoken to with a plain HTTP client: auth, error bodies, strict validation,
/// the presign service and its store, stats.
@Suite(.timeLimit(.minutes(2)))
struct SandboxAPITests {
    static let key = "sandbox-test-key"
    /// A 1×1 PNG.
    static let png: [UInt8] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01,
        0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41,
        0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0, 0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00,
        0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ]

    struct Answer {
        var status: Int
        var json: [String: JSONValue]
        var text: String
    }

    static func call(_ method: HTTPMethod, _ url: String, key: String? = SandboxAPITests.key, json: String? = nil, bytes: [UInt8]? = nil, contentType: String? = nil) async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let key { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        if let json { request.body = .bytes(ByteBuffer(string: json)); request.headers.add(name: "Content-Type", value: "application/json") }
        if let bytes { request.body = .bytes(ByteBuffer(bytes: bytes)) }
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let text = String(buffer: try await response.body.collect(upTo: 10 << 20))
        let object: [String: JSONValue]
        if case .object(let value)? = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) { object = value } else { object = [:] }
        return Answer(status: Int(response.status.code), json: object, text: text)
    }

    static func errorCode(_ answer: Answer) -> String? {
        guard case .object(let error)? = answer.json["error"], case .string(let code)? = error["code"], case .string? = error["message"] else { return nil }
        return code
    }

    /// Uploads the PNG through the presign service and returns its fileUrl.
    static func upload(_ sandbox: RunningSandbox) async throws -> String {
        let sha = String(repeating: "ab", count: 32)
        let presign = try await call(.POST, sandbox.presignURL, json: #"{"name":"\#(sha)-1.png","size":\#(png.count),"contentType":"image/png","sha256":"\#(sha)"}"#)
        #expect(presign.status == 200)
        guard case .string(let put)? = presign.json["uploadUrl"], case .string(let file)? = presign.json["fileUrl"] else {
            throw SandboxStartError(message: "presign answered \(presign.text)")
        }
        #expect(try await call(.PUT, put, key: nil, bytes: png, contentType: "image/png").status == 200)
        return file
    }

    static func runBody(_ subject: String, _ extra: String = "") -> String {
        #"{"prompt":"neon","subject_image":"\#(subject)","width":"512","height":"768","aspectRatio":"2:3","number_of_images":2\#(extra)}"#
    }

    @Test func runAndPollWithAnUploadedSubject() async throws {
        let sandbox = try await SandboxServer.start(SandboxConfiguration(apiKey: Self.key, jobDuration: .milliseconds(10)))
        defer { Task { await sandbox.stop() } }
        let subject = try await Self.upload(sandbox)
        let run = try await Self.call(.POST, sandbox.apiBaseURL + "/models/image-relighting/run", json: Self.runBody(subject))
        #expect(run.status == 200)
        #expect(run.json["status"] == .string("pending"))
        #expect(run.json["creditCost"] == .int(2))
        guard case .string(let statusURL)? = run.json["statusUrl"] else { Issue.record("no statusUrl: \(run.text)"); return }
        var outputs: [JSONValue] = []
        for _ in 0..<200 {
            let poll = try await Self.call(.GET, statusURL)
            if poll.json["status"] == .string("completed"), case .object(let output)? = poll.json["output"], case .array(let images)? = output["images"] {
                outputs = images
                break
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(outputs.count == 2)
        guard case .string(let first)? = outputs.first else { return }
        var request = HTTPClientRequest(url: first)
        request.method = .GET
        let image = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        #expect(Array(buffer: try await image.body.collect(upTo: 1 << 20)) == Self.png)
        // Tampering with the signature is refused.
        #expect(try await Self.call(.GET, first.replacingOccurrences(of: "sig=", with: "sig=0"), key: nil).status == 403)

        var statsRequest = HTTPClientRequest(url: sandbox.origin + "/sandbox/stats")
        statsRequest.method = .GET
        let stats = try JSONDecoder().decode(SandboxStats.self, from: Data(buffer: try await HTTPClient.shared.execute(statsRequest, timeout: .seconds(10)).body.collect(upTo: 1 << 20)))
        #expect(stats.submits == 1 && stats.downloads == 1 && stats.presigns == 1 && stats.uploads == 1 && stats.maxSubmitsPerContent == 1)
        // The job fetched its subject over HTTP, like the real service.
        #expect(stats.objectGets == 1)
    }

    @Test func authAndErrorBodies() async throws {
        let sandbox = try await SandboxServer.start(SandboxConfiguration(apiKey: Self.key))
        defer { Task { await sandbox.stop() } }
        let missing = try await Self.call(.POST, sandbox.apiBaseURL + "/models/image-relighting/run", key: nil, json: "{}")
        #expect(missing.status == 401 && Self.errorCode(missing) == "unauthorized")
        // The message says what to send in words that relight's log masking leaves readable.
        guard case .object(let error)? = missing.json["error"], case .string(let message)? = error["message"] else {
            Issue.record("no error message")
            return
        }
        #expect(SecretRedactor().redact(message) == message, "\(message) → \(SecretRedactor().redact(message))")
        let wrong = try await Self.call(.GET, sandbox.apiBaseURL + "/jobs/x", key: "nope")
        #expect(wrong.status == 401)
        let unknownJob = try await Self.call(.GET, sandbox.apiBaseURL + "/jobs/x")
        #expect(unknownJob.status == 404 && Self.errorCode(unknownJob) == "job_not_found")
        let model = try await Self.call(.POST, sandbox.apiBaseURL + "/models/flux/run", json: "{}")
        #expect(model.status == 404 && Self.errorCode(model) == "model_not_found")
        let presign = try await Self.call(.POST, sandbox.presignURL, key: "nope", json: "{}")
        #expect(presign.status == 401)
    }

    @Test(arguments: [
        (#","aspect_ratio":"1:1""#, "did you mean 'aspectRatio'"),
        (#","steps":9"#, "'steps' must be between 10 and 50"),
        (#","steps":"25""#, "'steps' must be an integer"),
        (#","cfg":40"#, "'cfg' must be between"),
        (#","output_format":"gif""#, "'output_format' must be one of"),
        (#","seed":-1"#, "'seed' must be between"),
        (#","highres_denoise":1.5"#, "'highres_denoise' must be between"),
        (#","prompt":7"#, "'prompt' must be a string"),
    ])
    func strictValidation(_ extra: String, _ expected: String) async throws {
        let sandbox = try await SandboxServer.start(SandboxConfiguration(apiKey: Self.key))
        defer { Task { await sandbox.stop() } }
        let body = Self.runBody("http://127.0.0.1:1/x.png").replacingOccurrences(of: #""prompt":"neon","#, with: extra.contains("prompt") ? "" : #""prompt":"neon","#)
        let answer = try await Self.call(.POST, sandbox.apiBaseURL + "/models/image-relighting/run", json: String(body.dropLast()) + extra + "}")
        #expect(answer.status == 400)
        #expect(Self.errorCode(answer) == "invalid_request")
        #expect(answer.text.contains(expected), "\(answer.text)")
    }

    @Test func widthAsNumberMissingSubjectAndUnfetchableSubjectAreRefused() async throws {
        let sandbox = try await SandboxServer.start(SandboxConfiguration(apiKey: Self.key))
        defer { Task { await sandbox.stop() } }
        let run = sandbox.apiBaseURL + "/models/image-relighting/run"
        let width = try await Self.call(.POST, run, json: #"{"prompt":"x","subject_image":"http://127.0.0.1:1/a.png","width":1024}"#)
        #expect(width.status == 400 && width.text.contains("'width' must be a string"))
        let noSubject = try await Self.call(.POST, run, json: #"{"prompt":"x"}"#)
        #expect(noSubject.status == 400 && noSubject.text.contains("'subject_image' is required"))
        // An unsigned URL on the sandbox's own store answers 403, so the job cannot fetch it.
        let unreachable = try await Self.call(.POST, run, json: #"{"prompt":"x","subject_image":"\#(sandbox.origin)/objects/a.png"}"#)
        #expect(unreachable.status == 400 && unreachable.text.contains("could not be fetched: HTTP 403"))
        let notJSON = try await Self.call(.POST, run, json: "[1,2]")
        #expect(notJSON.status == 400)
    }
}
