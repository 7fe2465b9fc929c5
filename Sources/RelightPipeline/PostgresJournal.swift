import Foundation
import Logging
import NIOCore
import NIOSSL
import PostgresNIO
import RelightConfig
import Synchronization

/// The journal that several hosts share: one PostgreSQL, one queue, one budget, one pause.
///
/// Items are claimed with `FOR UPDATE SKIP LOCKED` under a lease (host, expiry, token) that the
/// host's heartbeat renews. Every write of an item carries the token of its claim, so a host
/// whose lease lapsed and whose item another host took over cannot write for it any more.
public final class PostgresJournal: Sendable {
    let client: PostgresClient
    /// Connections for claims alone, which commit without waiting for the disk (``claims``).
    let claimClient: PostgresClient
    let url: PostgresURL
    let connection: PostgresConnection.Configuration
    let logger: Logger
    let runner: Task<Void, Never>
    let claimRunner: Task<Void, Never>
    let listener: Task<Void, Never>
    let announced: AsyncStream<Void>
    /// The host that announces work through this journal (its own announcements are not echoed back).
    let host: String
    /// Whether the schema is known to be migrated; until then every query first tries to migrate it.
    let schemaReady = Mutex(false)
    /// The deadlines of the queries in flight (``answer(connectingWithin:answeringWithin:_:)``).
    let watchdog: QueryWatchdog

    /// Connects, runs the schema migrations (once, under an advisory lock) and starts listening
    /// for announcements. Throws with a message that names the address (never the password).
    ///
    /// `waitForServer` (the daemon): a server that does not answer yet is an outage, not an
    /// error. The journal opens all the same, every query fails as unreachable until the server
    /// is back, and the first one that reaches it migrates the schema. A server that answers and
    /// refuses (a wrong password, no such database) still throws: waiting would not help.
    ///
    /// `statementTimeout` (``answerTimeout``; the tests shorten it): how long the server lets one statement of the pools run,
    /// and a transaction sit idle, before it ends them itself (``serverTimeouts(_:)``).
    public init(
        url: PostgresURL, password: String?, host: String, logger: Logger, waitForServer: Bool = false,
        statementTimeout: Duration = PostgresJournal.answerTimeout
    ) async throws {
        self.url = url
        self.host = host
        self.logger = logger
        let tls = try Self.tls(url.sslMode)
        var configuration = PostgresClient.Configuration(
            host: url.host, port: url.port, username: url.user, password: password, database: url.database, tls: tls)
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.maximumConnections = 8
        configuration.options.connectionIdleTimeout = .seconds(60)
        // The pool gives every connection beyond the minimum an idle-timeout timer each time it is
        // put back, a task that the next query cancels: one per query for a pool whose minimum is
        // 0. One connection kept open per pool spares that to a host that runs its queries one at a
        // time, as a claims worker does; more connections, opened for concurrent queries, still
        // close after a minute idle.
        configuration.options.minimumConnections = 1
        // The pool's keep-alive likewise starts a timer task for a connection each time it is put
        // back; the journal pings each pool itself instead (``keepAlive(_:watchdog:)``).
        configuration.options.keepAliveBehavior = nil
        configuration.options.additionalStartupParameters = Self.serverTimeouts(statementTimeout)
        let watchdog = QueryWatchdog()
        self.watchdog = watchdog
        let client = PostgresClient(configuration: configuration, backgroundLogger: Logger(label: "relight.postgres", factory: { _ in SwiftLogNoOpLogHandler() }))
        self.client = client
        runner = Task { await Self.run(client, watchdog: watchdog) }
        // A claim need not wait for the disk: the first write of the claimed item (the runner's
        // save of its first attempt) is durable, fenced by the claim's owner and token, and makes
        // the claim durable with it, since PostgreSQL writes its log in order. A claim that a
        // database crash loses in between leaves that save with no row to match, so the host
        // does nothing for the item; no work or charge happens before that save.
        var claimConfiguration = configuration
        claimConfiguration.options.maximumConnections = 4
        claimConfiguration.options.additionalStartupParameters = Self.serverTimeouts(statementTimeout) + [("synchronous_commit", "off")]
        let claimClient = PostgresClient(configuration: claimConfiguration, backgroundLogger: Logger(label: "relight.postgres", factory: { _ in SwiftLogNoOpLogHandler() }))
        self.claimClient = claimClient
        claimRunner = Task { await Self.run(claimClient, watchdog: watchdog) }
        var connection = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.user, password: password, database: url.database,
            tls: try Self.connectionTLS(url.sslMode))
        connection.options.connectTimeout = .seconds(5)
        self.connection = connection
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        announced = stream
        let listenConfiguration = connection
        listener = Task.detached {
            await Self.listen(configuration: listenConfiguration, host: host, to: continuation, logger: logger)
        }
        do {
            try await ensureSchema()
        } catch {
            guard waitForServer, Self.isOutage(error) else {
                runner.cancel()
                claimRunner.cancel()
                listener.cancel()
                throw PostgresJournalError("cannot open the journal at \(url): \(Self.describe(error))")
            }
            logger.error(
                "the journal is unreachable (\(Self.describe(error))); watching, and work waits until it is back",
                metadata: ["journal": "\(url)"])
        }
    }

    /// Migrates the schema unless that is done, on a connection of its own: a server that is down
    /// fails it at once, where a request to the pool would wait for the pool's next attempt.
    func ensureSchema() async throws {
        if schemaReady.withLock({ $0 }) { return }
        let quiet = Logger(label: "relight.postgres.schema", factory: { _ in SwiftLogNoOpLogHandler() })
        let connection = try await PostgresConnection.connect(configuration: self.connection, id: 2, logger: quiet)
        do {
            try await PostgresSchema.migrate(connection, logger: logger)
        } catch {
            try? await connection.close()
            throw error
        }
        try? await connection.close()
        schemaReady.withLock { $0 = true }
    }

    /// Runs a pool, and pings it while it runs; cancelled, it stops both.
    static func run(_ client: PostgresClient, watchdog: QueryWatchdog) async {
        await withDiscardingTaskGroup { group in
            group.addTask { await client.run() }
            group.addTask { await keepAlive(client, watchdog: watchdog) }
        }
    }

    /// How often ``keepAlive(_:watchdog:)`` pings: PostgresNIO's own keep-alive interval.
    static let keepAliveInterval: Duration = .seconds(30)

    /// Sends `SELECT 1` through the pool every ``keepAliveInterval``, so that the connection a quiet
    /// host keeps open (the pool's minimum) is not dropped as idle by a NAT or a firewall in
    /// between. This replaces the pool's keep-alive, which pings every idle connection but starts
    /// a timer task each time a query puts its connection back. The other connections close after
    /// a minute idle (`connectionIdleTimeout`), well before a NAT forgets them. A ping that does
    /// not answer is given up like any query (``connectTimeout``, ``answerTimeout``); one that
    /// fails is left to the next.
    static func keepAlive(_ client: PostgresClient, watchdog: QueryWatchdog) async {
        let quiet = Logger(label: "relight.postgres.keepalive", factory: { _ in SwiftLogNoOpLogHandler() })
        while (try? await Task.sleep(for: keepAliveInterval)) != nil {
            _ = try? await watchdog.answer(connectingWithin: connectTimeout, answeringWithin: answerTimeout) { connected in
                try await client.withConnection { connection in
                    connected()
                    for try await _ in try await connection.query("SELECT 1", logger: quiet) {}
                }
            }
        }
    }

    /// Whether `error` says the server is not there (refused, timed out, starting or stopping),
    /// rather than that it answered and refused.
    static func isOutage(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError, let state = error.serverInfo?[.sqlState] else { return true }
        // 57P01-57P03: shutting down or starting up; 08: connection exceptions.
        return state.hasPrefix("57P") || state.hasPrefix("08")
    }

    deinit {
        runner.cancel()
        claimRunner.cancel()
        listener.cancel()
    }

    static func tls(_ mode: PostgresURL.SSLMode) throws -> PostgresClient.Configuration.TLS {
        switch mode {
        case .disable: return .disable
        case .allow, .prefer: return .prefer(Self.lenientTLS)
        case .require: return .require(Self.lenientTLS)
        case .verifyCA, .verifyFull: return .require(.makeClientConfiguration())
        }
    }

    static func connectionTLS(_ mode: PostgresURL.SSLMode) throws -> PostgresConnection.Configuration.TLS {
        switch mode {
        case .disable: return .disable
        case .allow, .prefer: return .prefer(try NIOSSLContext(configuration: Self.lenientTLS))
        case .require: return .require(try NIOSSLContext(configuration: Self.lenientTLS))
        case .verifyCA, .verifyFull: return .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
    }

    /// `sslmode=require` encrypts without checking the certificate, as libpq does.
    static var lenientTLS: TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        return configuration
    }

    /// A PostgreSQL error in words: the server's message when there is one, else the error code.
    /// PSQLError's own description hides everything, to keep secrets out of logs; the server's
    /// message and the code hold none.
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            if let underlying = error.underlying { return "\(error.code): \(underlying)" }
            return "\(error.code)"
        }
        if let error = error as? PostgresJournalError { return error.message }
        return "\(error)"
    }

    /// Runs a query, turning PostgreSQL's errors into messages that say what went wrong.
    @discardableResult
    func query(_ query: PostgresQuery) async throws -> [PostgresRow] {
        let client = self.client, logger = self.logger
        do {
            try await ensureSchema()
            return try await answer(connectingWithin: Self.connectTimeout) { connected in
                try await client.withConnection { connection in
                    connected()
                    var rows: [PostgresRow] = []
                    for try await row in try await connection.query(query, logger: logger) { rows.append(row) }
                    return rows
                }
            }
        } catch {
            throw JournalUnreachableError(address: url.description, reason: Self.describe(error))
        }
    }

    /// Runs one of the prepared statements (``PostgresStatement``), as ``query(_:)`` runs a query;
    /// `claim` runs it on the connections whose commits do not wait for the disk (claims only).
    func execute<Statement: PostgresPreparedStatement>(
        _ statement: Statement, claim: Bool = false
    ) async throws -> [Statement.Row] where Statement.Row: Sendable {
        let client = claim ? claimClient : self.client, logger = self.logger
        do {
            try await ensureSchema()
            return try await answer(connectingWithin: Self.connectTimeout) { connected in
                try await client.withConnection { connection in
                    connected()
                    var rows: [Statement.Row] = []
                    for try await row in try await connection.execute(statement, logger: logger) { rows.append(row) }
                    return rows
                }
            }
        } catch {
            throw JournalUnreachableError(address: url.description, reason: Self.describe(error))
        }
    }

    /// Runs `body` in one transaction; `claim` runs it on the connections whose commits do not
    /// wait for the disk (claims only, see ``claimClient``).
    func transaction<Result: Sendable>(
        claim: Bool = false, answeringWithin answerTimeout: Duration = PostgresJournal.answerTimeout,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let client = claim ? claimClient : self.client, logger = self.logger
        do {
            try await ensureSchema()
            return try await answer(connectingWithin: Self.connectTimeout, answeringWithin: answerTimeout) { connected in
                try await client.withConnection { connection in
                    connected()
                    return try await connection.withTransaction(logger: logger) { connection in try await body(connection) }
                }
            }
        } catch let error as LeaseLostError {
            throw error
        } catch {
            throw JournalUnreachableError(address: url.description, reason: Self.describe(error))
        }
    }

    /// How long getting a connection may take before the journal counts as unreachable. The
    /// connection pool waits for ever for a server that is down; the daemon must notice, keep its
    /// detections and say so.
    static let connectTimeout: Duration = .seconds(10)

    /// How long a query may take once it has its connection. Generous, since a slow machine is not
    /// an outage; but bounded, because a query sent as the server stopped (`pg_ctl stop`, a
    /// failover) was seen never to answer, and the item it was for stayed leased to a host whose
    /// heartbeat kept renewing it: the photo was never relit.
    public static let answerTimeout: Duration = .seconds(60)

    /// The pools' sessions end a statement that runs longer than `timeout`, and a transaction left idle
    /// that long, on the server. A query the journal gives up on (``answerTimeout``) cannot be cancelled
    /// from PostgresNIO, and it kept its pooled connection until it ended, which a stuck one never did:
    /// after a few outages no journal call got a connection. Now the server ends it at most this late
    /// once it runs again, and the connection goes back to the pool like any that failed. (The schema
    /// migration and the LISTEN connection are not pooled and keep the server's defaults.)
    static func serverTimeouts(_ timeout: Duration) -> [(String, String)] {
        let milliseconds = String(max(1, Int(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)))
        return [("statement_timeout", milliseconds), ("idle_in_transaction_session_timeout", milliseconds)]
    }

    /// `operation`'s result, or ``PostgresJournalError`` if it has not connected or answered in
    /// time (``QueryWatchdog/answer(connectingWithin:answeringWithin:_:)``).
    func answer<Value: Sendable>(
        connectingWithin timeout: Duration, answeringWithin answerTimeout: Duration = PostgresJournal.answerTimeout,
        _ operation: @escaping @Sendable (_ connected: @escaping @Sendable () -> Void) async throws -> Value
    ) async throws -> Value {
        try await watchdog.answer(connectingWithin: timeout, answeringWithin: answerTimeout, operation)
    }

    /// Announces new or released work to every listening host.
    func announce() async {
        _ = try? await query("SELECT pg_notify('relight_work', \(host))")
    }
}

/// The shared journal did not answer or refused a query.
public struct JournalUnreachableError: Error, CustomStringConvertible, Sendable {
    public var address: String
    public var reason: String

    public var description: String {
        "the journal at \(address) is unreachable (\(reason)); work waits until it is back, and nothing is charged twice"
    }
}

extension PostgresRow {
    /// All rows of a query as items.
    func item() throws -> JournalItem { try PostgresItemRow.decode(self) }
}
