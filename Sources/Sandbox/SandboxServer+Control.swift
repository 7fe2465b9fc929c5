import Foundation
import Hummingbird
import NIOCore
import NIOFoundationCompat
import RelightConfig

extension SandboxServer {
    func addControlRoutes(to router: Router<BasicRequestContext>) {
        router.get("/healthz") { _, _ -> Response in
            SandboxResponses.json(["status": .string("ok")])
        }
        router.get("/sandbox/stats") { _, _ -> Response in
            let stats = await state.stats
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            let data = (try? encoder.encode(stats)) ?? Data()
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
        // Top up (or set) the credit balance at runtime: {"add": 10} or {"set": 0}.
        router.post("/sandbox/credits") { request, _ -> Response in
            var request = request
            let buffer = try await request.collectBody(upTo: 4096)
            guard let value = try? JSONDecoder().decode([String: Double].self, from: Data(buffer: buffer)), value["add"] != nil || value["set"] != nil else {
                return SandboxResponses.error(.badRequest, "invalid_request", "Send {\"add\": N} or {\"set\": N}.")
            }
            let balance = await state.topUp(add: value["add"], set: value["set"])
            return SandboxResponses.json(["creditsRemaining": balance.map(JSONValue.double) ?? .null])
        }
        // A network outage: every API call and output download has its connection cut for
        // `seconds` ({"seconds": 0} ends it); jobs go on running meanwhile.
        router.post("/sandbox/outage") { request, _ -> Response in
            var request = request
            let buffer = try await request.collectBody(upTo: 4096)
            guard let value = try? JSONDecoder().decode([String: Double].self, from: Data(buffer: buffer)), let seconds = value["seconds"],
                seconds.isFinite, seconds >= 0, seconds <= 86_400
            else {
                return SandboxResponses.error(.badRequest, "invalid_request", "Send {\"seconds\": N}, N from 0 to 86400.")
            }
            await state.outage(seconds: seconds)
            return SandboxResponses.json(["status": .string(seconds > 0 ? "down" : "up")])
        }
        // Makes every output and object URL issued so far expire now.
        router.post("/sandbox/expire-outputs") { _, _ -> Response in
            await state.revokeAll()
            return SandboxResponses.json(["status": .string("expired")])
        }
    }
}
