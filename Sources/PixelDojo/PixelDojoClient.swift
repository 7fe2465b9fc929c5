import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import PresignedUpload
import RelightConfig
import Relighting

/// One call at a time to the cloud API: submit, poll, download. Retries live in ``RetryStateMachine``.
///
/// The `HTTPClient` must not follow redirects by itself (``makeHTTPClient()``): downloads follow them
/// here, only to http(s). Every call passes the shared ``RateLimiter`` first.
public struct PixelDojoClient: Sendable {
    public let settings: PixelDojoSettings
    let baseURL: String
    /// Shared with the provider, which reloads it after a 401: every call reads the key in use now.
    public let keys: APIKeyStore
    let http: HTTPClient
    let limiter: RateLimiter
    let logger: Logger

    /// The submit call can take 30 s or more to answer.
    public var submitTimeout: TimeAmount = .seconds(120)
    public var pollTimeout: TimeAmount = .seconds(30)
    public var downloadTimeout: TimeAmount = .minutes(5)
    /// The most redirects one download follows.
    public var maxRedirects = 5

    /// The model path segment; always `image-relighting` for relight.
    public var model = "image-relighting"

    public init(settings: PixelDojoSettings, apiKey: APIKey, httpClient: HTTPClient, limiter: RateLimiter? = nil, logger: Logger = Logger(label: "relight.pixeldojo")) {
        // The key is taken to come from where the settings say, which decides the advice on a 401.
        let source: APIKeyStore.Source = settings.apiKeyFile.map { .file($0) } ?? .environment(settings.apiKeyEnv)
        self.init(settings: settings, keys: APIKeyStore(apiKey, source: source), httpClient: httpClient, limiter: limiter, logger: logger)
    }

    public init(settings: PixelDojoSettings, keys: APIKeyStore, httpClient: HTTPClient, limiter: RateLimiter? = nil, logger: Logger = Logger(label: "relight.pixeldojo")) {
        self.settings = settings
        var base = settings.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.keys = keys
        self.http = httpClient
        self.limiter = limiter ?? RateLimiter(requestsPerMinute: settings.requestsPerMinute)
        self.logger = logger
    }

    /// Masks every key this client has held (the one in use may have been replaced after a 401).
    var redactor: SecretRedactor { SecretRedactor(secrets: keys.knownValues) }

    var parser: ResponseParser { ResponseParser(redactor: redactor) }

    /// An HTTP client suited to this one: no automatic redirects, a generous connect timeout
    /// (a refused connection is retried by the client until it runs out).
    public static func makeHTTPClient(connectTimeout: TimeAmount = .seconds(15)) -> HTTPClient {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: connectTimeout))
        configuration.decompression = .disabled
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    // MARK: submit and poll

    /// `POST {base_url}/models/image-relighting/run` with the parameters (plus `subject_image`).
    /// - Parameter idempotencyKey: sent as `Idempotency-Key`, so a resubmit after a lost answer can
    ///   be recognised by a server that honours it (the sandbox does).
    public func submit(_ parameters: [String: JSONValue], idempotencyKey: String? = nil) async throws(PixelDojoError) -> SubmittedJob {
        let body: Data
        do { body = try JSONEncoder().encode(parameters) } catch {
            throw PixelDojoError(.invalidRequest, "The profile's parameters cannot be written as JSON: \(error).")
        }
        let text = try await call(
            .POST, "\(baseURL)/models/\(model)/run", body: body, timeout: submitTimeout, what: "submit",
            extraHeaders: idempotencyKey.map { ["Idempotency-Key": $0] } ?? [:])
        return try parser.submitted(text)
    }

    /// `GET` the job's `statusUrl` (when it is on the API's own host) or `{base_url}/jobs/{id}`.
    public func poll(_ job: SubmittedJob) async throws(PixelDojoError) -> JobState {
        let text = try await call(.GET, statusURL(for: job), body: nil, timeout: pollTimeout, what: "status poll")
        return try parser.jobState(text)
    }

    /// The API key goes only to the API's own origin: a `statusUrl` elsewhere is ignored.
    func statusURL(for job: SubmittedJob) -> String {
        let fallback = "\(baseURL)/jobs/\(job.jobID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? job.jobID)"
        guard let given = job.statusURL, !given.isEmpty else { return fallback }
        let origin = Self.origin(of: baseURL)
        if given.hasPrefix("/") { return origin + given }
        return Self.origin(of: given) == origin ? given : fallback
    }

    /// `scheme://host[:port]`, lower-cased.
    static func origin(of url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return "" }
        let rest = url[schemeEnd.upperBound...]
        let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        return url[..<end].lowercased()
    }

    /// One authorised JSON call. Non-2xx answers become typed errors.
    func call(
        _ method: HTTPMethod, _ url: String, body: Data?, timeout: TimeAmount, what: String, extraHeaders: [String: String] = [:]
    ) async throws(PixelDojoError) -> String {
        try await acquire()
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in extraHeaders { request.headers.add(name: name, value: value) }
        request.headers.add(name: "Authorization", value: "Bearer \(keys.current.value)")
        request.headers.add(name: "Accept", value: "application/json")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(data: body))
        }
        let status: HTTPResponseStatus
        let headers: HTTPHeaders
        let text: String
        do {
            let response = try await http.execute(request, timeout: timeout)
            status = response.status
            headers = response.headers
            text = String(buffer: try await response.body.collect(upTo: 4 * 1024 * 1024))
        } catch {
            throw networkError(error, doing: "the \(what)")
        }
        guard (200..<300).contains(status.code) else {
            throw apiError(status: status, headers: headers, body: text, what: what)
        }
        return text
    }

    func acquire() async throws(PixelDojoError) {
        do { try await limiter.acquire() } catch {
            throw PixelDojoError(.network, "Cancelled while waiting for the client-side rate limit.")
        }
    }

    func networkError(_ error: any Error, doing what: String) -> PixelDojoError {
        if let error = error as? PixelDojoError { return error }
        let text: String
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout: text = "timed out"
            case .remoteConnectionClosed: text = "the server closed the connection"
            case .bodyLengthMismatch: text = "the connection ended before the whole body arrived"
            default: text = String(describing: error)
            }
        } else {
            text = String(describing: error)
        }
        return PixelDojoError(.network, "The cloud API could not be reached for \(what): \(redactor.scrub(text)). It will be retried.")
    }
}
