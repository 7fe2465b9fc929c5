import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// A small HTTP client for the status server tests: no redirects are followed, so a 303 stays a 303.
enum StatusHTTP {
    struct Answer {
        var status: Int
        var headers: [String: String]
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    private final class NoRedirects: NSObject, URLSessionTaskDelegate {
        func urlSession(
            _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
            newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
        ) {
            completionHandler(nil)
        }
    }

    static func request(_ method: String = "GET", _ url: String, headers: [String: String] = [:], body: Data? = nil) async throws -> Answer {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        request.timeoutInterval = 30
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body
        let session = URLSession(configuration: .ephemeral, delegate: NoRedirects(), delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields { fields["\(key)".lowercased()] = "\(value)" }
        return Answer(status: http.statusCode, headers: fields, body: data)
    }

    static func get(_ url: String) async throws -> Answer { try await request("GET", url) }

    /// A TCP port nothing listens on right now.
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// The value of a sample line in Prometheus text, such as `relight_items_done_total` or
    /// `relight_stage_duration_seconds_count{stage="write"}`; nil when absent.
    static func metric(_ name: String, in text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(name + " ") {
            return Double(line.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }
}

extension Studio {
    /// A studio whose daemon serves status on `host:port`.
    static func withStatus(port: Int, host: String = "127.0.0.1", extra: String = "") throws -> Studio {
        try Studio(config: """
            provider: local
            status:
              listen: \(host):\(port)
            watch:
              - path: inbox
                profiles: by-subfolder
                output: relit/{profile}
                settle: 200ms
            \(extra)
            """)
    }

    /// A fixture JPEG whose frame header marker is destroyed: the engine refuses it at once, no retries.
    @discardableResult
    func dropCorrupt(as relative: String) throws -> String {
        var bytes = [UInt8](try Data(contentsOf: Bundle.module.url(forResource: "Fixtures/rocket.jpg", withExtension: nil)!))
        for i in 2..<(bytes.count - 1) where bytes[i] == 0xFF && (0xC0...0xC2).contains(bytes[i + 1]) {
            bytes[i + 1] = 0xCF
            break
        }
        let final = path(relative)
        let temporary = (final as NSString).deletingLastPathComponent + "/.corrupt.part"
        try write(String(temporary.dropFirst(root.count + 1)), Data(bytes))
        guard rename(temporary, final) == 0 else { throw CocoaError(.fileWriteUnknown) }
        return final
    }
}

/// Waits until `condition` holds, polling; records an issue and throws on timeout.
func eventually(_ what: String, timeout: Double = 60, _ condition: () async throws -> Bool) async throws {
    let deadline = Date().addingTimeInterval(timeout)
    while try await !condition() {
        guard Date() < deadline else {
            Issue.record("timed out waiting for \(what)")
            throw CancellationError()
        }
        try await Task.sleep(for: .milliseconds(200))
    }
}
