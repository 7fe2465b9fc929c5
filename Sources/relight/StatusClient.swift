import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import StatusServer

/// Reads a running daemon's `/api/status`, giving up quickly when nothing answers.
enum StatusClient {
    static func get(_ url: String, timeout: Double = 2) async -> StatusReport? {
        guard let url = URL(string: url) else { return nil }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        guard let (data, response) = try? await session.data(from: url), (response as? HTTPURLResponse)?.statusCode == 200 else {
            return nil
        }
        return try? StatusReport.decoder.decode(StatusReport.self, from: data)
    }
}
