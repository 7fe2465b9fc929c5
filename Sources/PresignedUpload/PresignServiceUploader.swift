import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import RelightConfig

/// Asks a presign service for URLs, then PUTs the photo there.
///
/// Request: `POST url` with `Authorization: Bearer TOKEN` and `{"name","size","contentType","sha256"}`,
/// where `name` is the unguessable object name (never the original file name).
/// Answer: `{"uploadUrl", "fileUrl", "headers"?, "deleteUrl"?}`. `headers` are sent with the PUT;
/// `deleteUrl`, when given, is called with DELETE once the job has ended.
public struct PresignServiceUploader: ImageUploader {
    public let settings: PresignServiceSettings
    let token: String
    let client: HTTPClient
    let logger: Logger
    public var timeout: TimeAmount = .minutes(10)

    public init(settings: PresignServiceSettings, environment: [String: String], httpClient: HTTPClient, logger: Logger) throws(UploadError) {
        guard let token = environment[settings.tokenEnv], !token.isEmpty else {
            throw UploadError(.missingCredentials, "The presign service token is missing: set the environment variable \(settings.tokenEnv) (upload.presign_service.token_env).")
        }
        guard settings.url.lowercased().hasPrefix("http://") || settings.url.lowercased().hasPrefix("https://") else {
            throw UploadError(.invalidConfiguration, "upload.presign_service.url must be an http(s) URL, not '\(PresignedURL.redact(settings.url))'.")
        }
        self.settings = settings
        self.token = token
        self.client = httpClient
        self.logger = logger
    }

    struct PresignRequest: Encodable {
        var name: String
        var size: Int64
        var contentType: String
        var sha256: String
    }

    struct PresignAnswer: Decodable {
        var uploadUrl: String
        var fileUrl: String
        var headers: [String: String]?
        var deleteUrl: String?
    }

    /// The object's name: unguessable, never the original file name.
    public func newKey(for source: SourceImage) -> String {
        source.objectName()
    }

    public func upload(_ source: SourceImage, key name: String) async throws(UploadError) -> UploadedObject {
        let answer = try await presign(PresignRequest(name: name, size: source.size, contentType: source.kind.contentType, sha256: source.sha256))
        let headers = (answer.headers ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        try await HTTPTransfer.putFile(source, to: PresignedURL(answer.uploadUrl), headers: headers, client: client, timeout: timeout)
        return UploadedObject(key: name, fileURL: PresignedURL(answer.fileUrl), deleteURL: answer.deleteUrl.map(PresignedURL.init))
    }

    public func delete(_ object: UploadedObject) async throws(UploadError) {
        guard let url = object.deleteURL else { return }
        try await HTTPTransfer.send(.DELETE, url, client: client, timeout: .seconds(60))
    }

    /// Asks the service to sign for the same name again (with the same size, type and hash) and calls
    /// the `deleteUrl` it answers; false when it offers none.
    public func delete(_ receipt: UploadReceipt) async throws(UploadError) -> Bool {
        let answer = try await presign(PresignRequest(name: receipt.key, size: receipt.size, contentType: receipt.contentType, sha256: receipt.sha256))
        guard let url = answer.deleteUrl else { return false }
        try await HTTPTransfer.send(.DELETE, PresignedURL(url), client: client, timeout: .seconds(60))
        return true
    }

    func presign(_ body: PresignRequest) async throws(UploadError) -> PresignAnswer {
        let where_ = "The presign service at \(PresignedURL.redact(settings.url))"
        let data: ByteBuffer
        do {
            var request = HTTPClientRequest(url: settings.url)
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(data: try JSONEncoder().encode(body)))
            let response = try await client.execute(request, timeout: .seconds(60))
            if response.status == .unauthorized || response.status == .forbidden {
                throw UploadError(.rejected, "\(where_) refused the token (HTTP \(response.status.code)); check \(settings.tokenEnv).", status: Int(response.status.code))
            }
            try await HTTPTransfer.expectSuccess(response, action: "Asking \(PresignedURL.redact(settings.url)) for an upload URL")
            data = try await response.body.collect(upTo: 1024 * 1024)
        } catch let error as UploadError {
            throw error
        } catch {
            throw HTTPTransfer.networkError(error, action: "Asking \(PresignedURL.redact(settings.url)) for an upload URL")
        }
        do {
            let answer = try JSONDecoder().decode(PresignAnswer.self, from: Data(buffer: data))
            for url in [answer.uploadUrl, answer.fileUrl] + (answer.deleteUrl.map { [$0] } ?? []) {
                let lower = url.lowercased()
                guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
                    throw UploadError(.malformedResponse, "\(where_) answered with a URL that is not http(s): \(PresignedURL.redact(url)).")
                }
            }
            return answer
        } catch let error as UploadError {
            throw error
        } catch {
            let text = PresignedURL.scrubQueries(String(String(buffer: data).prefix(200)))
            throw UploadError(.malformedResponse, "\(where_) answered with something other than {uploadUrl, fileUrl, headers?}: \(text)")
        }
    }
}
