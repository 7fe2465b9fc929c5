import Foundation
import Testing

/// Issue 14: a daemon started while its shared journal's PostgreSQL is down keeps watching, says
/// so on /healthz, keeps what it detects, and relights it once the server is back. Uses a
/// PostgreSQL of its own, so the other tests' server stays up.
@Suite(
    .timeLimit(.minutes(5)),
    .enabled(if: SharedStudio.serverURL != nil, "needs RELIGHT_TEST_POSTGRES_URL (make test starts a PostgreSQL)"))
struct JournalDownAtStartTests {
    @Test func aDaemonStartedWhileTheJournalIsDownWaitsForIt() async throws {
        let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("relight-pg-\(UUID().uuidString.prefix(8))")
        let (started, exports) = try SharedStudio.run(SharedStudio.script, ["start", folder])
        try #require(started == 0, "the private PostgreSQL did not start: \(exports)")
        defer { _ = try? SharedStudio.run(SharedStudio.script, ["stop", folder]) }
        let url = try #require(exports.split(separator: "\n").first { $0.contains("RELIGHT_TEST_POSTGRES_URL=") }?
            .split(separator: "=", maxSplits: 1).last.map(String.init))
        let database = try SharedStudio.createDatabase(on: url)
        let (paused, pauseOutput) = try SharedStudio.run(SharedStudio.script, ["pause", folder])
        try #require(paused == 0, "pg_ctl stop failed: \(pauseOutput)")

        let shared = try SharedStudio(sandbox: try await SandboxProcess(["--engine", "echo"]), journalURL: database)
        let port = try MultiHostTests.freePort()
        let host = try await shared.start(host: 1, statusPort: port)
        try shared.drop(3)
        var said = ""
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            let answer = try? await StatusHTTP.request("GET", "http://127.0.0.1:\(port)/healthz")
            if answer?.status == 503, let text = answer?.text, text.contains("journal unreachable") {
                said = text
                break
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        #expect(said.contains("journal unreachable"), "/healthz must answer 503 journal unreachable:\n\(host.log)")
        #expect(shared.sidecars.isEmpty)

        let (resumed, resumeOutput) = try SharedStudio.run(SharedStudio.script, ["resume", folder])
        try #require(resumed == 0, "pg_ctl start failed: \(resumeOutput)")
        try await host.waitFor(timeout: 90, "the photos kept during the outage") { shared.sidecars.count >= 3 }
        #expect(shared.outputs.count == 3)
        let byContent = try await shared.submitsByContent()
        #expect(byContent.count == 3 && byContent.values.allSatisfy { $0 == 1 }, "each photo submitted once: \(byContent.values.sorted())")
        let health = try await StatusHTTP.request("GET", "http://127.0.0.1:\(port)/healthz")
        #expect(health.status == 200, "healthy once the journal is back: \(health.text)")
        #expect(try await host.stop() == 0)
    }
}
