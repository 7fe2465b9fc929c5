import Foundation
import Hummingbird
import NIOCore
import RelightConfig
import RelightPipeline

extension StatusService {
    /// The routes for choosing and judging a look: the profile gallery and its previews, the
    /// before/after comparisons of done jobs, the live job cards and sections, and the dashboard's script.
    func addLookRoutes(to router: Router<BasicRequestContext>) {
        let source = self.source
        let thumbnails = self.thumbnails
        let previews = self.previews
        let logger = self.logger
        let requiresToken = self.requiresToken
        let token = self.token
        router.get("/assets/dashboard.js") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "max-age=3600"],
                body: .init(byteBuffer: ByteBuffer(string: DashboardScript.source)))
        }
        router.get("/dashboard/jobs") { _, _ -> Response in
            let page = try await source.journal.jobs(limit: Dashboard.pageSize)
            let cards = Dashboard.cards(page.items.map { StatusReport.Job($0, redactor: source.redactor) })
            return Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: cards)))
        }
        router.get("/dashboard/sections") { _, _ -> Response in
            let report = try await source.report()
            let dashboard = Dashboard(report: report, tokenRequired: requiresToken, retryEnabled: !requiresToken || token != nil)
            return try Self.json(["provider": dashboard.providerSection, "folders": dashboard.foldersSection, "failures": dashboard.failuresSection])
        }
        router.get("/profiles") { _, _ -> Response in
            let (configuration, catalog) = await source.pipeline.currentProfiles()
            let page = ProfileGallery(configuration: configuration, profiles: catalog.all).html
            return Self.text(page, contentType: "text/html; charset=utf-8")
        }
        router.get("/profiles/{name}/preview") { _, context -> Response in
            let (_, catalog) = await source.pipeline.currentProfiles()
            guard let name = context.parameters.get("name"), let profile = catalog.profile(named: name) else {
                return Self.text("no such profile; see /profiles\n", status: .notFound)
            }
            let candidates = (try? await source.journal.recentSources(profile: profile.name)) ?? []
            guard let jpeg = await previews.preview(of: profile, candidates: candidates, logger: logger) else {
                return Self.text("the preview could not be rendered; see the daemon's log\n", status: .internalServerError)
            }
            return Self.image(jpeg, contentType: "image/jpeg", cache: "no-cache")
        }
        router.get("/compare/{id}") { _, context -> Response in
            guard let id = context.parameters.get("id", as: Int64.self), let item = try await source.journal.item(id: id) else {
                return Self.text("no such job\n", status: .notFound)
            }
            guard item.state == .done, !item.outputs.isEmpty else {
                return Self.text("job \(id) is \(item.state.rawValue); only done jobs have a before and after\n", status: .conflict)
            }
            let page = Dashboard.comparisonPage(StatusReport.Job(item, redactor: source.redactor))
            return Self.text(page, contentType: "text/html; charset=utf-8")
        }
        router.get("/compare/{id}/{side}") { _, context -> Response in
            guard let id = context.parameters.get("id", as: Int64.self), let item = try await source.journal.item(id: id) else {
                return Self.text("no such job\n", status: .notFound)
            }
            switch context.parameters.get("side") {
            case "before":
                guard let jpeg = await thumbnails.comparisonBefore(of: item) else { return Self.text("no such image\n", status: .notFound) }
                return Self.image(jpeg, contentType: "image/jpeg", cache: "max-age=60")
            case "after":
                guard let after = await thumbnails.comparisonAfter(of: item) else { return Self.text("no such image\n", status: .notFound) }
                return Self.image(after.data, contentType: after.contentType, cache: "max-age=60")
            default:
                return Self.text("use /compare/ID/before or /compare/ID/after\n", status: .notFound)
            }
        }
    }

    static func image(_ data: Data, contentType: String, cache: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: contentType, .cacheControl: cache],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
