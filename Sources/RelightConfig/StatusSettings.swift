/// The `status:` section: where the dashboard, `/metrics` and `/healthz` listen.
public struct StatusSettings: Sendable, Hashable {
    /// `nil` when `listen: off`.
    public var listen: ListenAddress?
    public var tokenEnv: String

    public init(listen: ListenAddress? = ListenAddress(host: "127.0.0.1", port: 8787), tokenEnv: String = "RELIGHT_STATUS_TOKEN") {
        self.listen = listen
        self.tokenEnv = tokenEnv
    }
}

/// A `host:port` pair.
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Whether only this machine can connect.
    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    public var description: String { host.contains(":") && !host.hasPrefix("[") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
