import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// moto's S3 server for the end-to-end tests: `$RELIGHT_TEST_MOTO_URL` (as `make test` sets it), else
/// one started here with `python3 -m moto.server` on a free loopback port.
final class MotoProcess: @unchecked Sendable {
    // @unchecked: `process` is set up once in init and only signalled afterwards.
    let url: String
    private let process: Process?

    init() async throws {
        if let url = ProcessInfo.processInfo.environment["RELIGHT_TEST_MOTO_URL"], !url.isEmpty {
            self.url = url
            process = nil
            return
        }
        let port = StatusHTTP.freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        url = "http://127.0.0.1:\(port)"
        for _ in 0..<240 {
            if (try? await URLSession.shared.data(from: URL(string: url + "/")!)) != nil { return }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        Issue.record("moto_server did not start: run `make deps-test` (pip install 'moto[server]') or set RELIGHT_TEST_MOTO_URL")
        throw CancellationError()
    }

    /// Creates a bucket with a fresh name and returns it.
    func makeBucket() async throws -> String {
        let bucket = "relight-e2e-\(UInt32.random(in: 0...UInt32.max))"
        _ = try await send("PUT", "/\(bucket)")
        return bucket
    }

    /// Stores `body` under `key` (moto takes unsigned requests).
    func put(_ bucket: String, _ key: String, _ body: Data) async throws {
        let status = try await send("PUT", "/\(bucket)/\(key)", body: body, contentType: "image/jpeg")
        #expect(status == 200)
    }

    /// Every key in the bucket, from a real ListObjectsV2 call.
    func keys(_ bucket: String) async throws -> Set<String> {
        let (data, _) = try await URLSession.shared.data(from: URL(string: "\(url)/\(bucket)?list-type=2")!)
        let xml = String(decoding: data, as: UTF8.self)
        var keys: Set<String> = []
        var rest = Substring(xml)
        while let open = rest.range(of: "<Key>"), let close = rest.range(of: "</Key>", range: open.upperBound..<rest.endIndex) {
            keys.insert(String(rest[open.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return keys
    }

    private func send(_ method: String, _ path: String, body: Data? = nil, contentType: String? = nil) async throws -> Int {
        var request = URLRequest(url: URL(string: url + path)!)
        request.httpMethod = method
        request.httpBody = body
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }

    deinit {
        if let process, process.isRunning {
            // SIGKILL: a child started through Foundation's Process may have SIGTERM blocked.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}
