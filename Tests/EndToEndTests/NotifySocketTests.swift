import Foundation
import Testing

/// systemd's readiness protocol, against a unix datagram socket the test binds itself.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct NotifySocketTests {
    @Test func sendsReadyWhenWatchingThenWatchdogKeepAlivesAndStopping() async throws {
        let studio = try Studio()
        let socket = try DatagramSocket(path: studio.path("notify.sock"))
        let daemon = try DaemonProcess(
            config: studio.config, environment: ["NOTIFY_SOCKET": socket.path, "WATCHDOG_USEC": "1000000"])
        try await daemon.waitUntilReady()
        try await daemon.waitFor(timeout: 30, "READY=1") { socket.received.contains { $0.hasPrefix("READY=1") } }
        // Keep-alives at half the 1 s interval: several within a few seconds.
        try await daemon.waitFor(timeout: 30, "watchdog keep-alives") { socket.received.filter { $0 == "WATCHDOG=1" }.count >= 3 }
        #expect(try await daemon.stop() == 0)
        try await Task.sleep(for: .milliseconds(200))
        #expect(socket.received.contains("STOPPING=1"))
        #expect(socket.received.filter { $0.hasPrefix("READY=1") }.count == 1, "READY=1 once")
    }

    @Test func sendsNothingWithoutNotifySocketAndSupportsAbstractNames() async throws {
        let studio = try Studio()
        let name = "@relight-test-\(UUID().uuidString.prefix(8))"
        let socket = try DatagramSocket(path: name)
        let daemon = try DaemonProcess(config: studio.config, environment: ["NOTIFY_SOCKET": name])
        try await daemon.waitUntilReady()
        try await daemon.waitFor(timeout: 30, "READY=1 on the abstract socket") { socket.received.contains { $0.hasPrefix("READY=1") } }
        #expect(!socket.received.contains("WATCHDOG=1"), "no keep-alives without WATCHDOG_USEC")
        #expect(try await daemon.stop() == 0)
    }
}

/// A bound unix datagram socket that collects what arrives, read on a background thread.
final class DatagramSocket: @unchecked Sendable {
    // @unchecked: `messages` is only touched under `lock`; `fd` and `path` are set once in init.
    let path: String
    private let fd: Int32
    private let lock = NSLock()
    private var messages: [String] = []

    init(path: String) throws {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(path.utf8)
        if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in bytes.enumerated() { buffer[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + (bytes.first == 0 ? 0 : 1))
        let rc = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard fd >= 0, rc == 0 else { throw POSIXError(.EADDRINUSE) }
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let thread = Thread { [weak self] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while let self {
                let count = recv(self.fd, &buffer, buffer.count, 0)
                if count > 0 {
                    let text = String(decoding: buffer[..<count], as: UTF8.self)
                    self.lock.withLock { self.messages += text.split(separator: "\n").map(String.init) }
                } else if count < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR {
                    return
                }
            }
        }
        thread.start()
    }

    /// Every line received so far, in order (a datagram may carry several `KEY=VALUE` lines).
    var received: [String] { lock.withLock { messages } }

    deinit {
        close(fd)
        if !path.hasPrefix("@") { unlink(path) }
    }
}
