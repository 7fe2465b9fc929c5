import Foundation
import Hummingbird
import NIOCore
import NIOFoundationCompat
import PresignedUpload
import RelightConfig

extension SandboxServer {
    func addStoreRoutes(to router: Router<BasicRequestContext>) {
        router.post("/presign") { request, _ -> Response in
            guard Self.bearer(request) == (configuration.presignToken ?? configuration.apiKey) else {
                return SandboxResponses.error(.unauthorized, "unauthorized", "Missing or invalid presign token; send Authorization: Bearer TOKEN.")
            }
            await sleepLatency()
            var request = request
            return await presign(try await request.collectBody(upTo: 64 * 1024))
        }
        router.put("/objects/:name") { request, context -> Response in
            let name = context.parameters.get("name") ?? ""
            if let refusal = await check(request, method: "PUT", name: name) { return refusal }
            await sleepLatency()
            var request = request
            let body = try await request.collectBody(upTo: configuration.maxObjectBytes)
            let type = request.headers[.contentType] ?? "application/octet-stream"
            await state.putObject(name, .init(bytes: Array(buffer: body), contentType: type), isUpload: true)
            return Response(status: .ok)
        }
        router.get("/objects/:name") { request, context -> Response in
            let name = context.parameters.get("name") ?? ""
            if let refusal = await check(request, method: "GET", name: name) { return refusal }
            await sleepLatency()
            guard let object = await state.object(name, isOutput: false) else {
                return SandboxResponses.error(.notFound, "not_found", "No object '\(name)'.")
            }
            return SandboxResponses.bytes(object.bytes, contentType: object.contentType)
        }
        router.delete("/objects/:name") { request, context -> Response in
            let name = context.parameters.get("name") ?? ""
            if let refusal = await check(request, method: "DELETE", name: name) { return refusal }
            await state.deleteObject(name)
            return Response(status: .noContent)
        }
        router.get("/outputs/:name") { request, context -> Response in
            let name = context.parameters.get("name") ?? ""
            if let refusal = await check(request, method: "GET", name: name) { return refusal }
            await sleepLatency()
            if await state.downloadDropped(configuration.faults) {
                return SandboxResponses.cutOff(after: "", claimedLength: 4096)
            }
            guard let object = await state.object(name, isOutput: true) else {
                return SandboxResponses.error(.notFound, "not_found", "No output '\(name)'.")
            }
            return SandboxResponses.bytes(object.bytes, contentType: object.contentType)
        }
    }

    /// Verifies a signed object or output URL: 403 `expired` or `signature_mismatch` otherwise.
    func check(_ request: Request, method: String, name: String) async -> Response? {
        let query = request.uri.queryParameters
        let verdict = signer.verify(
            method: method, name: name,
            issued: query.get("issued"), expires: query.get("expires"), sig: query.get("sig"),
            revokedBefore: await state.revokedBefore
        )
        switch verdict {
        case .valid: return nil
        case .expired: return SandboxResponses.error(.forbidden, "expired", "This URL has expired; request a new one.")
        case .badSignature: return SandboxResponses.error(.forbidden, "signature_mismatch", "The URL's signature does not match.")
        }
    }

    struct PresignBody: Decodable {
        var name: String
        var size: Int
        var contentType: String
        var sha256: String
    }

    /// Answers `{uploadUrl, fileUrl, headers, deleteUrl}` for a well-formed `{name, size, contentType, sha256}`.
    func presign(_ buffer: ByteBuffer) async -> Response {
        guard let body = try? JSONDecoder().decode(PresignBody.self, from: Data(buffer: buffer)) else {
            return SandboxResponses.error(.badRequest, "invalid_request", "Send {\"name\", \"size\", \"contentType\", \"sha256\"}.")
        }
        let nameAllowed = body.name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }
        guard !body.name.isEmpty, body.name.count <= 200, nameAllowed, !body.name.hasPrefix("out-") else {
            return SandboxResponses.error(.badRequest, "invalid_request", "'name' must be 1-200 characters of A-Z a-z 0-9 . _ -")
        }
        guard (1...configuration.maxObjectBytes).contains(body.size) else {
            return SandboxResponses.error(.badRequest, "invalid_request", "'size' must be between 1 and \(configuration.maxObjectBytes) bytes.")
        }
        guard body.contentType.hasPrefix("image/") else {
            return SandboxResponses.error(.badRequest, "invalid_request", "'contentType' must be an image type, not '\(body.contentType)'.")
        }
        guard body.sha256.count == 64, body.sha256.allSatisfy(\.isHexDigit) else {
            return SandboxResponses.error(.badRequest, "invalid_request", "'sha256' must be 64 hex digits.")
        }
        await state.countPresign()
        let base = "\(origin.value)/objects/\(body.name)?"
        let ttl = configuration.outputTTL
        return SandboxResponses.json([
            "uploadUrl": .string(base + signer.query(method: "PUT", name: body.name, lifetime: ttl)),
            "fileUrl": .string(base + signer.query(method: "GET", name: body.name, lifetime: ttl)),
            "deleteUrl": .string(base + signer.query(method: "DELETE", name: body.name, lifetime: ttl)),
            "headers": .object(["Content-Type": .string(body.contentType)]),
        ])
    }
}
