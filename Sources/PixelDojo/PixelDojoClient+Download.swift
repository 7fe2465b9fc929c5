import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PresignedUpload
import RelightConfig

extension PixelDojoClient {
    /// Downloads one output URL: redirects followed only to http(s), at most `max_download_bytes`,
    /// and only if the bytes are a JPEG, PNG or WebP image. The API key is not sent (output URLs are presigned).
    public func download(_ url: String) async throws(PixelDojoError) -> DownloadedImage {
        var current = url
        for _ in 0...maxRedirects {
            try Self.requireHTTP(current, redacted: PresignedURL.redact(current))
            try await acquire()
            var request = HTTPClientRequest(url: current)
            request.method = .GET
            let shown = PresignedURL.redact(current)
            do {
                let response = try await http.execute(request, timeout: downloadTimeout)
                if (300..<400).contains(response.status.code), let location = response.headers.first(name: "Location") {
                    current = try Self.resolve(location, against: current)
                    continue
                }
                guard response.status == .ok else {
                    _ = try? await response.body.collect(upTo: 64 * 1024)
                    throw downloadStatusError(response.status, shown: shown)
                }
                return try await readImage(response, shown: shown)
            } catch let error as PixelDojoError {
                throw error
            } catch {
                throw networkError(error, doing: "downloading \(shown)")
            }
        }
        throw PixelDojoError(.badRedirect, "Downloading \(PresignedURL.redact(url)) was redirected more than \(maxRedirects) times.")
    }

    func downloadStatusError(_ status: HTTPResponseStatus, shown: String) -> PixelDojoError {
        switch status.code {
        case 429:
            return PixelDojoError(.rateLimited, "Downloading \(shown) was rate limited (HTTP 429).", status: 429)
        case 500...:
            return PixelDojoError(.serverError, "Downloading \(shown) failed with HTTP \(status.code). It will be retried.", status: Int(status.code))
        default:
            return PixelDojoError(.downloadFailed, "Downloading \(shown) failed with HTTP \(status.code); output URLs expire after about an hour, so the job's result may be gone.", status: Int(status.code))
        }
    }

    /// Reads the body up to the cap, refusing early on a too-large Content-Length or non-image first bytes.
    func readImage(_ response: HTTPClientResponse, shown: String) async throws -> DownloadedImage {
        let cap = settings.maxDownloadBytes
        if let length = response.headers.first(name: "Content-Length").flatMap(Int64.init), length > cap {
            throw tooLarge(shown, cap)
        }
        var data: [UInt8] = []
        var kind: ImageKind?
        for try await chunk in response.body {
            if Int64(data.count + chunk.readableBytes) > cap { throw tooLarge(shown, cap) }
            data += chunk.readableBytesView
            if kind == nil, data.count >= ImageKind.headerLength {
                kind = ImageKind.sniff(data)
                if kind == nil { throw notImage(shown, response) }
            }
        }
        guard let kind = kind ?? ImageKind.sniff(data) else { throw notImage(shown, response) }
        return DownloadedImage(data: data, kind: kind)
    }

    private func tooLarge(_ shown: String, _ cap: Int64) -> PixelDojoError {
        PixelDojoError(.downloadTooLarge, "The output at \(shown) is larger than pixeldojo.max_download_bytes (\(cap) bytes); it was refused. Raise the limit if this output is expected.")
    }

    private func notImage(_ shown: String, _ response: HTTPClientResponse) -> PixelDojoError {
        let type = response.headers.first(name: "Content-Type") ?? "no Content-Type"
        return PixelDojoError(.notAnImage, "The output at \(shown) is not a JPEG, PNG or WebP image (\(type)); it was refused.")
    }

    static func requireHTTP(_ url: String, redacted: String) throws(PixelDojoError) {
        let lower = url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
            throw PixelDojoError(.badRedirect, "Refused to fetch \(redacted): only http and https URLs are followed.")
        }
    }

    /// A `Location` resolved against the URL that sent it (absolute, scheme-relative, or path).
    static func resolve(_ location: String, against base: String) throws(PixelDojoError) -> String {
        if let colon = location.firstIndex(of: ":"), !location[..<colon].isEmpty,
            location[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }) {
            try requireHTTP(location, redacted: PresignedURL.redact(location))
            return location
        }
        let scheme = base.components(separatedBy: "://").first ?? "http"
        if location.hasPrefix("//") { return scheme + ":" + location }
        if location.hasPrefix("/") { return origin(of: base) + location }
        let path = base.split(separator: "?", maxSplits: 1).first.map(String.init) ?? base
        let directory = path.hasSuffix("/") ? path : String(path[...(path.lastIndex(of: "/") ?? path.endIndex)])
        return directory + location
    }
}
