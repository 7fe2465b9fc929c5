import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// The real `relight sandbox` binary on a free loopback port.
final class SandboxProcess: @unchecked Sendable {
    // @unchecked: `process` and `origin` are set up once in init and only read afterwards.
    let process = Process()
    private let output: CapturedOutput
    private(set) var origin = ""

    init(_ arguments: [String] = []) async throws {
        process.executableURL = URL(fileURLWithPath: DaemonProcess.binary)
        process.arguments = ["sandbox", "--port", "0", "--api-key", "sandbox-key", "--job-duration", "50ms"] + arguments
        output = CapturedOutput(process)
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while origin.isEmpty {
            let log = output.value
            if let range = log.range(of: #"http://127\.0\.0\.1:\d+"#, options: .regularExpression) { origin = String(log[range]) }
            guard Date() < deadline, process.isRunning else {
                Issue.record("the sandbox did not start:\n\(log)")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// The daemon's config section for this sandbox.
    var configSection: String {
        """
        provider: pixeldojo
        pixeldojo:
          base_url: \(origin)/api/v1
          poll_interval: 100ms
          requests_per_minute: 6000
        upload:
          presign_service:
            url: \(origin)/presign
        """
    }

    static let environment = ["PIXELDOJO_API_KEY": "sandbox-key", "PRESIGN_TOKEN": "sandbox-key"]

    func stats() async throws -> [String: Any] {
        let (data, _) = try await URLSession.shared.data(from: URL(string: "\(origin)/sandbox/stats")!)
        return (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }

    func addCredits(_ amount: Int) async throws {
        var request = URLRequest(url: URL(string: "\(origin)/sandbox/credits")!)
        request.httpMethod = "POST"
        request.httpBody = Data("{\"add\": \(amount)}".utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        _ = try await URLSession.shared.data(for: request)
    }

    /// POSTs to one of the sandbox's control endpoints (`/sandbox/outage`, `/sandbox/expire-outputs`).
    func control(_ path: String, _ json: String = "{}") async throws {
        var request = URLRequest(url: URL(string: origin + path)!)
        request.httpMethod = "POST"
        request.httpBody = Data(json.utf8)
        let (_, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
