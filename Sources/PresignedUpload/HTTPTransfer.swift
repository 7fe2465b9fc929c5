import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFileSystem
import NIOHTTP1
import RelightConfig

/// The HTTP calls the uploaders share. Errors name the host and path, never a query string.
enum HTTPTransfer {
    /// The most of an error body kept for a message.
    static let errorBodyLimit = 64 * 1024

    /// PUTs the file at `source.path` to `url`, streaming it from disk in chunks.
    static func putFile(
        _ source: SourceImage,
        to url: PresignedURL,
        headers: [(String, String)],
        client: HTTPClient,
        timeout: TimeAmount
    ) async throws(UploadError) {
        do {
            try await FileSystem.shared.withFileHandle(forReadingAt: SourceImage.filePath(source.path)) { handle in
                var request = HTTPClientRequest(url: url.url)
                request.method = .PUT
                for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
                if !request.headers.contains(name: "Content-Type") {
                    request.headers.add(name: "Content-Type", value: source.kind.contentType)
                }
                request.body = .stream(
                    handle.readChunks(in: 0..<source.size, chunkLength: SourceImage.chunkLength),
                    length: .known(source.size)
                )
                let response = try await client.execute(request, timeout: timeout)
                try await expectSuccess(response, action: "Uploading to \(url.redacted)")
                _ = try await response.body.collect(upTo: errorBodyLimit)
            }
        } catch let error as UploadError {
            throw error
        } catch {
            throw networkError(error, action: "Uploading \(PathBytes.display(source.path)) to \(url.redacted)")
        }
    }

    /// Sends a body-less request (DELETE) and accepts 2xx and 404.
    static func send(_ method: HTTPMethod, _ url: PresignedURL, client: HTTPClient, timeout: TimeAmount) async throws(UploadError) {
        do {
            var request = HTTPClientRequest(url: url.url)
            request.method = method
            let response = try await client.execute(request, timeout: timeout)
            if response.status == .notFound {
                _ = try? await response.body.collect(upTo: errorBodyLimit)
                return
            }
            try await expectSuccess(response, action: "\(method.rawValue) \(url.redacted)")
            _ = try await response.body.collect(upTo: errorBodyLimit)
        } catch let error as UploadError {
            throw error
        } catch {
            throw networkError(error, action: "\(method.rawValue) \(url.redacted)")
        }
    }

    /// Throws ``UploadError/Code/rejected`` with what the server said, unless the status is 2xx.
    /// On success the body is left for the caller to read (it can be read only once).
    static func expectSuccess(_ response: HTTPClientResponse, action: String) async throws {
        guard !(200..<300).contains(response.status.code) else { return }
        let body = (try? await response.body.collect(upTo: errorBodyLimit)).map { String(buffer: $0) } ?? ""
        throw UploadError(
            .rejected,
            "\(action) failed with HTTP \(response.status.code)\(describeErrorBody(body)).",
            status: Int(response.status.code)
        )
    }

    /// The `<Code>` and `<Message>` of an S3 error document, or the start of a JSON/text body.
    /// S3's own bodies can echo the signature and string-to-sign, so only these parts are kept.
    static func describeErrorBody(_ body: String) -> String {
        if let code = xmlElement("Code", in: body) {
            return ": \(code)" + (xmlElement("Message", in: body).map { " (\($0))" } ?? "")
        }
        let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, !trimmed.hasPrefix("<") else { return "" }
        return ": " + PresignedURL.scrubQueries(String(trimmed.prefix(200)))
    }

    private static func xmlElement(_ name: String, in body: String) -> String? {
        guard let start = body.range(of: "<\(name)>"), let end = body.range(of: "</\(name)>", range: start.upperBound..<body.endIndex) else {
            return nil
        }
        return String(body[start.upperBound..<end.lowerBound].prefix(200))
    }

    static func networkError(_ error: any Error, action: String) -> UploadError {
        UploadError(.network, "\(action) failed: \(PresignedURL.scrubQueries(String(describing: error))). Check that the store is reachable.")
    }
}
