import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// A real S3 stand-in for the tests: `$RELIGHT_TEST_MOTO_URL` if set, else a `moto_server` started here.
final class MotoServer: Sendable {
    let url: String
    private let process: Process?

    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    private init(url: String, process: Process?) {
        self.url = url
        self.process = process
    }

    static func start() async throws -> MotoServer {
        if let url = ProcessInfo.processInfo.environment["RELIGHT_TEST_MOTO_URL"], !url.isEmpty {
            return MotoServer(url: url, process: nil)
        }
        guard let executable = which("moto_server") else {
            throw Missing(description: "moto_server is not installed, so the S3 tests cannot run. Run `make test`, which installs moto[server] (or `python3 -m pip install 'moto[server]'`), or set RELIGHT_TEST_MOTO_URL.")
        }
        let port = try freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-H", "127.0.0.1", "-p", String(port)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let server = MotoServer(url: "http://127.0.0.1:\(port)", process: process)
        // Wait (up to 60 s on a busy machine) until it answers.
        let client = HTTPClient.shared
        for _ in 0..<240 {
            var probe = HTTPClientRequest(url: server.url + "/relight-readiness-probe")
            probe.method = .HEAD
            if let response = try? await client.execute(probe, timeout: .seconds(2)), response.status.code < 500 {
                return server
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        server.stop()
        throw Missing(description: "moto_server did not start on port \(port) within 60 s.")
    }

    func stop() {
        guard let process, process.isRunning else { return }
        // SIGKILL: a child started through Foundation's Process may have SIGTERM blocked.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// A port that was free a moment ago (bind to 0, read it back, close).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Missing(description: "socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw Missing(description: "could not find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
