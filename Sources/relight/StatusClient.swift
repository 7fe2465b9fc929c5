import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import StatusServer

/// Reads a running daemon's `/api/status`, giving up quickly when nothing answers.
///
/// AsyncHTTPClient rather than URLSession: FoundationNetworking would pull libcurl and its TLS
/// stack into every relight process, several megabytes of the idle daemon's memory.
enum StatusClient {
    static func get(_ url: String, timeout: Int64 = 2) async -> StatusReport? {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        guard let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(timeout)), response.status == .ok,
              let body = try? await response.body.collect(upTo: 64 << 20)
        else { return nil }
        return try? StatusReport.decoder.decode(StatusReport.self, from: Data(buffer: body))
    }
}
