import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals
import Synchronization

/// A local server that speaks the cloud API, its presign service and object store, with injectable faults.
///
/// URL layout (all under `http://HOST:PORT`):
/// - `POST /api/v1/models/image-relighting/run`, `GET /api/v1/jobs/{id}` — the API, bearer `apiKey`;
/// - `POST /presign` — the presign service, bearer `presignToken`; `PUT|GET|DELETE /objects/{name}` — its store;
/// - `GET /outputs/{name}` — job outputs, with expiring signed URLs;
/// - `GET /sandbox/stats`, `POST /sandbox/credits`, `POST /sandbox/expire-outputs`, `POST /sandbox/outage`, `GET /healthz` — control.
public struct SandboxServer: Sendable {
    public let configuration: SandboxConfiguration
    let state: SandboxState
    let signer = URLSigner()
    let fetcher: HTTPClient
    let logger: Logger
    /// Set once the port is known: `http://host:port`.
    let origin: OriginBox

    init(configuration: SandboxConfiguration, fetcher: HTTPClient, logger: Logger) {
        self.configuration = configuration
        self.state = SandboxState(configuration: configuration)
        self.fetcher = fetcher
        self.logger = logger
        self.origin = OriginBox()
    }

    /// Starts a sandbox and returns once it listens (port 0 picks a free port).
    /// - Parameter handleSignals: stop gracefully on SIGINT/SIGTERM (the CLI); tests call ``RunningSandbox/stop()``.
    public static func start(_ configuration: SandboxConfiguration, handleSignals: Bool = false, logger: Logger = Logger(label: "relight.sandbox")) async throws -> RunningSandbox {
        let fetcher = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: .init(redirectConfiguration: .follow(max: 3, allowCycles: false), timeout: .init(connect: .seconds(10), read: .seconds(60)))
        )
        let server = SandboxServer(configuration: configuration, fetcher: fetcher, logger: logger)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: server.makeRouter(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "relight-sandbox"),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger
        )
        let group = ServiceGroup(
            configuration: .init(services: [app], gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [], logger: logger)
        )
        let task = Task { try await group.run() }
        var port = 0
        for await bound in ports { port = bound }
        guard port > 0 else {
            task.cancel()
            try? await fetcher.shutdown()
            _ = try await task.value
            throw SandboxStartError(message: "The sandbox could not listen on \(configuration.host):\(configuration.port).")
        }
        let host = configuration.host == "0.0.0.0" || configuration.host == "::" ? "127.0.0.1" : configuration.host
        server.origin.set("http://\(host.contains(":") ? "[\(host)]" : host):\(port)")
        return RunningSandbox(port: port, origin: server.origin.value, group: group, task: task, fetcher: fetcher)
    }

    func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        addAPIRoutes(to: router)
        addStoreRoutes(to: router)
        addControlRoutes(to: router)
        return router
    }

    func sleepLatency() async {
        if configuration.faults.latency > .zero {
            try? await Task.sleep(for: configuration.faults.latency)
        }
    }

    static func bearer(_ request: Request) -> String? {
        guard let value = request.headers[.authorization], value.hasPrefix("Bearer ") else { return nil }
        return String(value.dropFirst("Bearer ".count))
    }
}

/// Why the sandbox did not start.
public struct SandboxStartError: Error, CustomStringConvertible {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}

/// The sandbox's public origin, known only once the port is bound.
final class OriginBox: Sendable {
    private let stored = Mutex("")

    var value: String { stored.withLock { $0 } }
    func set(_ origin: String) { stored.withLock { $0 = origin } }
}

/// A sandbox that is listening. Call ``stop()`` when done.
public struct RunningSandbox: Sendable {
    public let port: Int
    /// `http://127.0.0.1:PORT`
    public let origin: String
    let group: ServiceGroup
    let task: Task<Void, any Error>
    let fetcher: HTTPClient

    /// The `pixeldojo.base_url` that points at this sandbox.
    public var apiBaseURL: String { origin + "/api/v1" }
    /// The `upload.presign_service.url` that points at this sandbox.
    public var presignURL: String { origin + "/presign" }

    /// Stops listening, lets in-flight requests finish, and releases the HTTP client.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
        try? await fetcher.shutdown()
    }

    /// Runs until SIGINT/SIGTERM (when started with `handleSignals`) or until ``stop()``.
    public func wait() async throws {
        try await task.value
        try? await fetcher.shutdown()
    }
}
