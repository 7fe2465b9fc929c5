import Foundation
import RelightPipeline
import Testing

/// Secrets set in the environment never reach the daemon's output, sidecars, the journal's error
/// texts or the dashboard, even when they ride in on a file name or a signed URL.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct RedactionTests {
    static let secrets = ["pd_SECRET_123", "tok_SECRET_456", "sig_SECRET_789"]

    @Test func secretsAreMaskedEverywhere() async throws {
        let port = StatusHTTP.freePort()
        let base = "http://127.0.0.1:\(port)"
        let studio = try Studio.withStatus(port: port)
        let daemon = try DaemonProcess(
            config: studio.config,
            environment: ["PIXELDOJO_API_KEY": "pd_SECRET_123", "RELIGHT_STATUS_TOKEN": "tok_SECRET_456"],
            arguments: ["--log-format", "json", "--log-level", "debug"])
        try await daemon.waitUntilReady()
        try studio.drop("rocket.jpg", as: "inbox/golden-hour/plain.jpg")
        // Corrupt images whose names carry the API key and a presigned URL's signature: the names
        // reach log lines, error texts and the dashboard, and must be masked there.
        try studio.dropCorrupt(as: "inbox/golden-hour/key-pd_SECRET_123.jpg")
        try studio.dropCorrupt(as: "inbox/neon-night/shot?X-Amz-Signature=sig_SECRET_789.jpg")
        try await daemon.waitFor("the output and both failures") {
            studio.exists("relit/golden-hour/plain_golden-hour.relight.json") && daemon.log.components(separatedBy: "\"message\":\"failed\"").count == 3
        }
        let dashboard = try await StatusHTTP.get("\(base)/").text
        let status = try await StatusHTTP.get("\(base)/api/status").text
        let jobs = try await StatusHTTP.get("\(base)/api/jobs?limit=100").text
        #expect(try await daemon.stop() == 0)

        let journal = try Journal(stateDirectory: studio.path(".relight"))
        let rows = try await journal.jobs(limit: 100).items
        #expect(rows.count == 3)
        let errorTexts = rows.compactMap(\.lastError).joined(separator: "\n")
        var outputs = ""
        for folder in ["relit/golden-hour", "relit/neon-night"] {
            for name in studio.files(folder) where name.hasSuffix(".json") {
                outputs += try String(contentsOfFile: studio.path("\(folder)/\(name)"), encoding: .utf8)
            }
        }
        let places = ["daemon output": daemon.log, "dashboard": dashboard, "/api/status": status, "/api/jobs": jobs,
                      "journal error texts": errorTexts, "sidecars and error reports": outputs]
        for (place, text) in places {
            for secret in Self.secrets { #expect(!text.contains(secret), "\(secret) leaked into the \(place):\n\(text)") }
        }
        // The masked names did flow through each place: the test would catch a leak.
        #expect(daemon.log.contains("key-***.jpg") && daemon.log.contains("X-Amz-Signature=***"))
        #expect(dashboard.contains("key-***.jpg") && dashboard.contains("X-Amz-Signature=***"))
        #expect(errorTexts.contains("***"))
        // One JSON object per line, with dotted metadata (the drop hints are plain text for the person at the terminal).
        let lines = daemon.log.split(separator: "\n").filter { !$0.hasPrefix("Drop photos into") }
        #expect(lines.count >= 5)
        for line in lines {
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["level"] != nil && object?["message"] != nil, "not a JSON log line: \(line)")
        }
        #expect(daemon.log.contains("\"file.path\":") && daemon.log.contains("\"profile\":\"golden-hour\""))
    }

    @Test func textLogsAreOneLinePerEventWithDottedMetadata() async throws {
        let studio = try Studio()
        let daemon = try DaemonProcess(config: studio.config, arguments: ["--log-level", "warning"])
        try await daemon.waitUntilReady()
        try studio.dropCorrupt(as: "inbox/golden-hour/bad.jpg")
        try await daemon.waitFor("the failure") { daemon.log.contains(": failed ") }
        #expect(try await daemon.stop() == 0)
        let line = try #require(daemon.log.split(separator: "\n").first { $0.contains(": failed ") })
        #expect(line.contains(" error relight: failed "), "\(line)")
        #expect(line.contains("file.path=\(studio.path("inbox/golden-hour/bad.jpg"))") && line.contains("profile=golden-hour"))
        #expect(!daemon.log.contains(" info "), "--log-level warning hides info lines:\n\(daemon.log)")
    }
}
