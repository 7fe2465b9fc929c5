import Foundation
import Hummingbird
import Logging
import NIOCore
import RelightPipeline

extension StatusService {
    func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        let source = self.source
        router.get("/healthz") { _, _ -> Response in
            let (healthy, reason) = await source.healthCheck()
            return Self.text(reason + "\n", status: healthy ? .ok : .serviceUnavailable)
        }
        router.get("/metrics") { _, _ -> Response in
            let snapshot = await source.pipeline.currentSnapshot()
            PipelineMetrics.snapshot(waiting: snapshot.queued, inFlight: snapshot.running)
            return Self.text(metrics(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
        router.get("/api/status") { _, _ -> Response in
            try Self.json(try await source.report())
        }
        router.get("/api/jobs") { request, _ -> Response in
            try await jobs(request)
        }
        router.post("/api/jobs/{id}/retry") { request, context -> Response in
            try await retry(request, id: context.parameters.get("id", as: Int64.self))
        }
        router.get("/thumbnails/{id}/{side}") { _, context -> Response in
            guard let id = context.parameters.get("id", as: Int64.self),
                let side = context.parameters.get("side").flatMap(Thumbnailer.Side.init(rawValue:)),
                let item = try await source.journal.item(id: id),
                let jpeg = await thumbnails.thumbnail(of: item, side: side)
            else { return Self.text("no such thumbnail\n", status: .notFound) }
            return Response(
                status: .ok, headers: [.contentType: "image/jpeg", .cacheControl: "max-age=60"],
                body: .init(byteBuffer: ByteBuffer(bytes: jpeg)))
        }
        router.get("/") { request, _ -> Response in
            let before = request.uri.queryParameters.get("before").flatMap { Int64($0) }
            let report = try await source.report()
            let page = try await source.journal.jobs(limit: Dashboard.pageSize, before: before)
            let dashboard = Dashboard(
                report: report, tokenRequired: requiresToken, retryEnabled: !requiresToken || token != nil,
                jobs: page.items.map { StatusReport.Job($0, redactor: source.redactor) }, before: before, nextBefore: page.nextBefore)
            return Self.text(dashboard.html, contentType: "text/html; charset=utf-8")
        }
        addLookRoutes(to: router)
        return router
    }

    private func jobs(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        var state: ItemState?
        if let text = query.get("state"), !text.isEmpty {
            guard let parsed = ItemState(rawValue: text) else {
                let known = ItemState.allCases.map(\.rawValue).joined(separator: ", ")
                return Self.text("unknown state '\(HTMLText.escape(text))'; use one of \(known)\n", status: .badRequest)
            }
            state = parsed
        }
        let limit = query.get("limit").flatMap { Int($0) } ?? 50
        let before = query.get("before").flatMap { Int64($0) }
        guard limit > 0 else { return Self.text("limit must be a positive number\n", status: .badRequest) }
        let page = try await source.journal.jobs(state: state, limit: limit, before: before)
        let answer = JobsAnswer(
            jobs: page.items.map { StatusReport.Job($0, redactor: source.redactor) }, nextBefore: page.nextBefore,
            limit: min(limit, Journal.maximumPageSize))
        return try Self.json(answer)
    }

    /// `relight retry ID` over HTTP. A form post (the dashboard's button) is sent back to the dashboard.
    private func retry(_ request: Request, id: Int64?) async throws -> Response {
        let isForm = request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") ?? false
        let body = try await request.body.collect(upTo: 16_384)
        guard let id else { return Self.text("the job id must be a number\n", status: .badRequest) }
        if requiresToken {
            guard let token else {
                return Self.text("retry is disabled: the status server listens beyond this machine and no token is set\n", status: .forbidden)
            }
            let given = Self.bearer(request.headers[.authorization]) ?? (isForm ? Self.formField("token", in: String(buffer: body)) : nil)
            guard let given, Self.constantTimeEqual(given, token) else {
                return Self.text("a valid token is required (Authorization: Bearer TOKEN, or the form's token field)\n", status: .unauthorized)
            }
        }
        guard let item = try await source.journal.item(id: id) else { return Self.text("no job \(id)\n", status: .notFound) }
        guard item.state == .failed else {
            return Self.text("job \(id) is \(item.state.rawValue), not failed; only failed jobs are retried\n", status: .conflict)
        }
        let requeued = try await source.journal.retry(ids: [id])
        await source.pipeline.journalChanged()
        PipelineMetrics.retriedByOperator(requeued.count)
        logger.info("retry requested on the status page", metadata: ["job.item": "\(id)"])
        if isForm { return Response(status: .seeOther, headers: [.location: "/"]) }
        return try Self.json(["requeued": requeued])
    }

    struct JobsAnswer: Codable {
        var jobs: [StatusReport.Job]
        var nextBefore: Int64?
        var limit: Int
    }

    static func text(_ text: String, status: HTTPResponse.Status = .ok, contentType: String = "text/plain; charset=utf-8") -> Response {
        Response(status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func json(_ value: some Encodable) throws -> Response {
        let data = try StatusReport.encoder.encode(value)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func bearer(_ header: String?) -> String? {
        guard let header, header.lowercased().hasPrefix("bearer ") else { return nil }
        return String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
    }

    static func formField(_ name: String, in body: String) -> String? {
        var components = URLComponents()
        components.percentEncodedQuery = body.replacingOccurrences(of: "+", with: "%20")
        return components.queryItems?.first { $0.name == name }?.value
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
