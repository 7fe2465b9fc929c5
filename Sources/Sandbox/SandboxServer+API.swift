import AsyncHTTPClient
import Crypto
import Foundation
import Hummingbird
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import PresignedUpload
import RelightConfig

extension SandboxServer {
    static let model = "image-relighting"

    func addAPIRoutes(to router: Router<BasicRequestContext>) {
        router.post("/api/v1/models/:model/run") { request, context -> Response in
            if let refusal = await apiGate(request) { return refusal }
            await state.countSubmitCall()
            let model = context.parameters.get("model") ?? ""
            guard model == Self.model else {
                return SandboxResponses.error(.notFound, "model_not_found", "No model '\(model)'; this sandbox offers '\(Self.model)'.")
            }
            var request = request
            let key = request.headers[.init("Idempotency-Key")!]
            return await submit(try await request.collectBody(upTo: 1024 * 1024), idempotencyKey: key)
        }
        router.get("/api/v1/jobs/:id") { request, context -> Response in
            if let refusal = await apiGate(request) { return refusal }
            await state.countPoll()
            let id = context.parameters.get("id") ?? ""
            guard let job = await state.job(id) else {
                return SandboxResponses.error(.notFound, "job_not_found", "No job '\(id)'.")
            }
            var body: [String: JSONValue] = [
                "jobId": .string(job.id),
                "status": .string(job.status.rawValue),
                "creditCost": .double(job.creditCost),
            ]
            if job.status == .completed {
                body["output"] = .object(["images": .array(job.outputs.map(JSONValue.string))])
            }
            if let error = job.error { body["error"] = .string(error) }
            return SandboxResponses.json(body)
        }
    }

    /// Auth, latency and injected faults, in that order; nil when the call may proceed.
    func apiGate(_ request: Request) async -> Response? {
        guard Self.bearer(request) == configuration.apiKey else {
            return SandboxResponses.error(.unauthorized, "unauthorized", "Missing or invalid API key: send it in the Authorization header, scheme Bearer.")
        }
        await sleepLatency()
        switch await state.apiFault(configuration.faults) {
        case .rateLimited?:
            return SandboxResponses.error(
                .tooManyRequests, "rate_limited", "Too many requests; retry after \(configuration.faults.retryAfterSeconds) s.",
                headers: [.retryAfter: String(configuration.faults.retryAfterSeconds)]
            )
        case .internalError?:
            return SandboxResponses.error(.internalServerError, "internal_error", "Injected server error.")
        case .dropped?:
            return SandboxResponses.cutOff(after: "")
        case .truncated?:
            return SandboxResponses.cutOff(after: "{\"jobId\":\"job_trunc")
        case .malformed?:
            return SandboxResponses.malformed()
        case nil:
            return nil
        }
    }

    func submit(_ buffer: ByteBuffer, idempotencyKey: String? = nil) async -> Response {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(buffer: buffer)), case .object(let body) = value else {
            return SandboxResponses.error(.badRequest, "invalid_request", "The body must be a JSON object of parameters.")
        }
        let profile: LightingProfile
        let subjectURL: String
        do {
            (profile, subjectURL) = try ParameterValidator.validate(body)
        } catch {
            return SandboxResponses.error(.badRequest, "invalid_request", error.message)
        }
        let subject: [UInt8]
        switch await fetchSubject(subjectURL) {
        case .success(let bytes): subject = bytes
        case .failure(let refusal): return SandboxResponses.error(.badRequest, "invalid_request", refusal.message)
        }
        var parameters = body
        parameters[ParameterValidator.subjectImage] = nil
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let canonical = (try? encoder.encode(parameters)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let contentKey = hex(SHA256.hash(data: subject)) + "|" + canonical
        let cost = Double(profile.numberOfImages)
        // A client that lost the answer to a submit (a crash, a dropped connection) sends the same
        // key again and gets the same job back, without a second charge.
        if let idempotencyKey, let job = await state.job(idempotencyKey: idempotencyKey) {
            return SandboxResponses.json([
                "jobId": .string(job.id), "status": .string(job.status == .completed ? "completed" : "pending"),
                "statusUrl": .string("\(origin.value)/api/v1/jobs/\(job.id)"), "creditCost": .double(job.creditCost),
            ])
        }
        guard let job = await state.createJob(cost: cost, contentKey: contentKey) else {
            return SandboxResponses.error(HTTPResponse.Status(code: 402, reasonPhrase: "Payment Required"), "insufficient_credits", "Not enough credits for \(Int(cost)) image(s); top up with POST /sandbox/credits.")
        }
        if let idempotencyKey { await state.remember(idempotencyKey: idempotencyKey, job: job) }
        Task { await process(job.id, subject: subject, profile: profile) }
        var answer: [String: JSONValue] = [
            "jobId": .string(job.id),
            "status": .string("pending"),
            "statusUrl": .string("\(origin.value)/api/v1/jobs/\(job.id)"),
            "creditCost": .double(cost),
        ]
        if let remaining = await state.stats.creditsRemaining { answer["creditsRemaining"] = .double(remaining) }
        return SandboxResponses.json(answer)
    }

    struct Refusal: Error { let message: String }

    /// Fetches `subject_image` over HTTP, as the real service does, and insists on an image.
    func fetchSubject(_ url: String) async -> Result<[UInt8], Refusal> {
        do {
            let response = try await fetcher.execute(HTTPClientRequest(url: url), timeout: .seconds(60))
            guard response.status == .ok else {
                _ = try? await response.body.collect(upTo: 64 * 1024)
                return .failure(Refusal(message: "'subject_image' could not be fetched: HTTP \(response.status.code) from \(PresignedURL.redact(url))."))
            }
            let bytes = Array(buffer: try await response.body.collect(upTo: configuration.maxObjectBytes))
            guard ImageKind.sniff(bytes) != nil else {
                return .failure(Refusal(message: "'subject_image' is not a JPEG, PNG or WebP image."))
            }
            return .success(bytes)
        } catch {
            return .failure(Refusal(message: "'subject_image' could not be fetched from \(PresignedURL.redact(url)): \(error)."))
        }
    }

    /// Runs the engine after `jobDuration`, then stores each output under an expiring URL.
    func process(_ id: String, subject: [UInt8], profile: LightingProfile) async {
        await state.update(id) { $0.status = .processing }
        try? await Task.sleep(for: configuration.jobDuration)
        if await state.jobShouldFail(configuration.faults.failRate) {
            await state.update(id) { $0.status = .failed; $0.error = "Injected job failure (--fail-rate)." }
            return
        }
        do {
            let images = try await configuration.engine.relight(subject, profile: profile)
            if let folder = configuration.saveDirectory { Self.save(subject: subject, images: images, job: id, in: folder) }
            var urls: [String] = []
            for (index, image) in images.enumerated() {
                let kind = ImageKind.sniff(image)
                let name = "out-\(id)-\(index + 1).\(kind?.fileExtension ?? "bin")"
                await state.putObject(name, .init(bytes: image, contentType: kind?.contentType ?? "application/octet-stream"), isUpload: false)
                urls.append("\(origin.value)/outputs/\(name)?" + signer.query(method: "GET", name: name, lifetime: configuration.outputTTL))
            }
            await state.update(id) { $0.status = .completed; $0.outputs = urls }
        } catch {
            await state.update(id) { $0.status = .failed; $0.error = "The engine failed: \(error)." }
        }
    }

    /// `--save-to`: each job's fetched subject image and its results, for looking at.
    static func save(subject: [UInt8], images: [[UInt8]], job: String, in folder: String) {
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        func write(_ bytes: [UInt8], _ name: String) {
            let ext = ImageKind.sniff(bytes)?.fileExtension ?? "bin"
            _ = FileManager.default.createFile(atPath: (folder as NSString).appendingPathComponent("\(job)-\(name).\(ext)"), contents: Data(bytes))
        }
        write(subject, "subject")
        for (index, image) in images.enumerated() { write(image, "result-\(index + 1)") }
    }

    func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
