import Foundation
import Hummingbird
import NIOCore
import Logging
import RelightConfig
import RelightPipeline
import ServiceLifecycle

/// The status server as a service of the daemon's ServiceGroup: `/healthz`, `/metrics`,
/// `/api/status`, `/api/jobs`, `POST /api/jobs/{id}/retry`, thumbnails, the dashboard at `/` with its
/// before/after sliders (`/compare/...`), and the profile gallery at `/profiles`.
///
/// A listen address that cannot be bound is logged and the daemon carries on without the server:
/// relighting matters more than its status page.
public struct StatusService: Service {
    public let listen: ListenAddress
    /// Required for the retry action when `listen` is not loopback; nil when none is set.
    public let token: String?
    public let source: StatusSource
    public let thumbnails: Thumbnailer
    /// The profile gallery's previews, rendered locally and cached beside the thumbnails.
    public let previews: ProfilePreviews
    /// Renders every metric in Prometheus text format.
    public let metrics: @Sendable () -> String
    public let logger: Logger

    public init(
        listen: ListenAddress, token: String?, source: StatusSource, thumbnails: Thumbnailer,
        metrics: @escaping @Sendable () -> String, logger: Logger, previews: ProfilePreviews? = nil
    ) {
        self.listen = listen
        self.token = token.flatMap { $0.isEmpty ? nil : $0 }
        self.source = source
        self.thumbnails = thumbnails
        // The thumbnails live in state_dir/thumbnails; the previews go beside them.
        self.previews = previews ?? ProfilePreviews(stateDirectory: (thumbnails.folder as NSString).deletingLastPathComponent)
        self.metrics = metrics
        self.logger = logger
    }

    /// Whether the retry action needs the token.
    var requiresToken: Bool { !listen.isLoopback }

    public func run() async throws {
        let logger = self.logger
        let listen = self.listen
        let app = Application(
            router: makeRouter(),
            configuration: .init(address: .hostname(listen.host, port: listen.port), serverName: "relight"),
            onServerRunning: { channel in
                logger.info("status server listening", metadata: ["status.url": "http://\(listen)/", "status.port": "\(channel.localAddress?.port ?? listen.port)"])
            },
            logger: logger)
        if requiresToken && token == nil {
            logger.warning("the status server listens beyond this machine and no token is set; the retry action is disabled", metadata: [
                "status.listen": "\(listen)"
            ])
        }
        do {
            try await app.run()
        } catch {
            logger.error("the status server cannot run; relighting carries on without it", metadata: [
                "status.listen": "\(listen)", "error": "\(error)",
            ])
            try? await gracefulShutdown()
        }
    }
}
