import Foundation
import Testing

/// Issue 14: several `relight watch` processes on one PostgreSQL, watching one folder, with the
/// sandbox as the cloud API. Each photo is relit and submitted once, whoever sees it; a host that
/// dies or freezes loses nothing and writes nothing it no longer holds; the budget is shared; a
/// database outage loses no detection. Runs under `make test`, which starts the PostgreSQL.
@Suite(
    .serialized, .timeLimit(.minutes(5)),
    .enabled(if: SharedStudio.serverURL != nil, "needs RELIGHT_TEST_POSTGRES_URL (make test starts a PostgreSQL)"))
struct MultiHostTests {
    /// Three hosts, 300 photos: one output set and one submit per photo, and every host did some.
    @Test func threeHostsRelightEachPhotoExactlyOnce() async throws {
        let photos = 300
        let shared = try SharedStudio(sandbox: try await SandboxProcess(["--engine", "echo"]))
        var hosts: [DaemonProcess] = []
        for index in 1...3 { hosts.append(try await shared.start(host: index)) }
        try shared.drop(photos)
        try await hosts[0].waitFor(timeout: 240, "\(photos) relit photos") { shared.sidecars.count >= photos }
        // The sidecar is written just before the item is recorded done: wait for the journal too, or a stop
        // under load can catch the last item between the two (it would be finished on the next start).
        try await hosts[0].waitFor(timeout: 30, "\(photos) items done in the journal") {
            (try? shared.status(host: 1))?.contains("\"done\" : \(photos)") == true
        }
        #expect(shared.outputs.count == photos && shared.sidecars.count == photos, "one output set per photo")
        #expect(!shared.studio.files("relit/warm").contains { $0.contains(" (") }, "no ' (2)' files")
        let byContent = try await shared.submitsByContent()
        #expect(byContent.count == photos && byContent.values.allSatisfy { $0 == 1 }, "each photo submitted once")
        #expect(try await shared.submits() == photos)
        for host in hosts {
            #expect(host.log.components(separatedBy: "relit").count > 1, "every host took a share of the work")
            #expect(try await host.stop() == 0)
        }
        let status = try shared.status(host: 1)
        #expect(status.contains("\"done\" : \(photos)") && status.contains("host-3"), "status shows the work and every host:\n\(status)")
    }

    /// kill -9 of one host mid-run: the others finish its items within lease_timeout plus a margin.
    @Test func theOthersFinishTheItemsOfAHostKilledMidRun() async throws {
        let photos = 40
        let shared = try SharedStudio(sandbox: try await SandboxProcess(["--engine", "echo", "--job-duration", "1500ms"]))
        var hosts: [DaemonProcess] = []
        for index in 1...3 { hosts.append(try await shared.start(host: index)) }
        try shared.drop(photos)
        try await hosts[0].waitFor(timeout: 60, "the first outputs") { shared.sidecars.count >= 4 }
        let killed = hosts.remove(at: 1)
        kill(killed.process.processIdentifier, SIGKILL)
        killed.process.waitUntilExit()
        // lease_timeout is 3 s; the jobs take 1.5 s each, 8 at a time on the two hosts left.
        try await hosts[0].waitFor(timeout: 60, "every photo after the kill") { shared.sidecars.count >= photos }
        try await Task.sleep(for: .seconds(1))
        #expect(shared.outputs.count == photos && shared.sidecars.count == photos)
        #expect(!shared.studio.files("relit/warm").contains { $0.contains(" (") }, "no ' (2)' files")
        let byContent = try await shared.submitsByContent()
        #expect(byContent.count == photos && byContent.values.allSatisfy { $0 == 1 }, "no duplicate submits: \(byContent.values.sorted())")
        for host in hosts { #expect(try await host.stop() == 0) }
    }

    /// A host frozen (SIGSTOP) past its lease: another host takes the item over and resumes its
    /// job by id; thawed (SIGCONT), the frozen host writes nothing for it.
    @Test func aFrozenHostWhoseLeaseLapsedWritesNothing() async throws {
        let shared = try SharedStudio(sandbox: try await SandboxProcess(["--engine", "echo", "--job-duration", "5s"]))
        let frozen = try await shared.start(host: 1)
        try shared.drop(1)
        try await frozen.waitFor(timeout: 30, "the submit") { frozen.log.contains("submitted") }
        kill(frozen.process.processIdentifier, SIGSTOP)
        let other = try await shared.start(host: 2)
        try await other.waitFor(timeout: 40, "the other host to finish the item") { shared.sidecars.count == 1 }
        kill(frozen.process.processIdentifier, SIGCONT)
        try await frozen.waitFor(timeout: 30, "the fence to stop the thawed host") { frozen.log.contains("lapsed") }
        try await Task.sleep(for: .seconds(1))
        #expect(shared.studio.files("relit/warm").count == 2, "one output and one sidecar: \(shared.studio.files("relit/warm"))")
        #expect(try await shared.submits() == 1, "resumed by its job id, not submitted again")
        #expect(try await frozen.stop() == 0)
        #expect(try await other.stop() == 0)
    }

    /// A daily budget of 10 credits shared by 3 hosts over 30 photos: exactly 10 charged.
    @Test func aSharedBudgetIsSpentExactlyOnce() async throws {
        let shared = try SharedStudio(sandbox: try await SandboxProcess(["--engine", "echo", "--job-duration", "300ms"]))
        var hosts: [DaemonProcess] = []
        for index in 1...3 { hosts.append(try await shared.start(host: index, budget: 10)) }
        try shared.drop(30)
        try await hosts[0].waitFor(timeout: 60, "10 relit photos") { shared.sidecars.count >= 10 }
        try await Task.sleep(for: .seconds(4))
        #expect(try await shared.submits() == 10, "exactly the budget was submitted")
        #expect(shared.sidecars.count == 10)
        let status = try shared.status(host: 2)
        #expect(status.contains("\"creditsToday\" : 10"), "10 credits charged:\n\(status)")
        for host in hosts { #expect(try await host.stop() == 0) }
    }

    /// PostgreSQL stopped for 20 s mid-run: /healthz says "journal unreachable" meanwhile,
    /// photos dropped during the outage are kept, and in the end each is relit and submitted once.
    /// Uses a PostgreSQL of its own, so the other tests' server stays up.
    @Test func aDatabaseOutageLosesNothingAndDuplicatesNothing() async throws {
        let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("relight-pg-\(UUID().uuidString.prefix(8))")
        let (started, exports) = try SharedStudio.run(SharedStudio.script, ["start", folder])
        try #require(started == 0, "the private PostgreSQL did not start: \(exports)")
        defer { _ = try? SharedStudio.run(SharedStudio.script, ["stop", folder]) }
        let url = try #require(exports.split(separator: "\n").first { $0.contains("RELIGHT_TEST_POSTGRES_URL=") }?
            .split(separator: "=", maxSplits: 1).last.map(String.init))
        let shared = try SharedStudio(
            sandbox: try await SandboxProcess(["--engine", "echo", "--job-duration", "500ms"]), journalURL: try SharedStudio.createDatabase(on: url))
        let port = try Self.freePort()
        let first = try await shared.start(host: 1, statusPort: port)
        let second = try await shared.start(host: 2)
        try shared.drop(20)
        try await first.waitFor(timeout: 60, "the first outputs") { shared.sidecars.count >= 5 }
        let (paused, pauseOutput) = try SharedStudio.run(SharedStudio.script, ["pause", folder])
        try #require(paused == 0, "pg_ctl stop failed: \(pauseOutput)")
        let outage = ContinuousClock.now
        try shared.drop(10, from: 20)
        var said = ""
        while ContinuousClock.now - outage < .seconds(15) {
            let answer = try? await StatusHTTP.request("GET", "http://127.0.0.1:\(port)/healthz")
            if answer?.status == 503, let text = answer?.text, text.contains("journal unreachable") {
                said = text
                break
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        #expect(said.contains("journal unreachable"), "/healthz must answer 503 journal unreachable during the outage")
        try await Task.sleep(until: outage + .seconds(20))
        let (resumed, resumeOutput) = try SharedStudio.run(SharedStudio.script, ["resume", folder])
        try #require(resumed == 0, "pg_ctl start failed: \(resumeOutput)")
        let deadline = Date().addingTimeInterval(150)
        while shared.sidecars.count < 30, Date() < deadline { try await Task.sleep(for: .milliseconds(200)) }
        try #require(shared.sidecars.count >= 30, "all 30 photos after the outage; \(shared.sidecars.count) done.\n\(shared.diagnosis([first, second]))")
        try await Task.sleep(for: .seconds(1))
        #expect(shared.outputs.count == 30 && shared.sidecars.count == 30)
        #expect(!shared.studio.files("relit/warm").contains { $0.contains(" (") }, "no ' (2)' files")
        let byContent = try await shared.submitsByContent()
        #expect(byContent.count == 30 && byContent.values.allSatisfy { $0 == 1 }, "nothing submitted twice: \(byContent.values.sorted())")
        // How often a query sent as the server stopped had to be given up (see PostgresJournal.answerTimeout).
        let unanswered = (first.log + second.log).split(separator: "\n").filter { $0.contains("no answer within") }
        print("outage: \(unanswered.count) journal calls gave up waiting for an answer\n" + unanswered.joined(separator: "\n"))
        let health = try await StatusHTTP.request("GET", "http://127.0.0.1:\(port)/healthz")
        #expect(health.status == 200, "healthy again: \(health.text)")
        #expect(try await first.stop() == 0)
        #expect(try await second.stop() == 0)
    }

    static func freePort() throws -> Int {
        let (_, output) = try SharedStudio.run("/usr/bin/env", [
            "python3", "-c", "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])",
        ])
        return try #require(Int(output.trimmingCharacters(in: .whitespacesAndNewlines)))
    }
}
