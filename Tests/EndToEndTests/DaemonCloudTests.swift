import Foundation
import Testing

/// `relight watch` with the cloud provider against the real sandbox binary: upload through the
/// presign service, submit, poll, download, with faults injected.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct DaemonCloudTests {
    func studio(_ sandbox: SandboxProcess, budget: Int = 0, statusPort: Int? = nil) throws -> Studio {
        try Studio(config: sandbox.configSection + """

            budget:
              credits_per_day: \(budget)
            status: {listen: \(statusPort.map { "127.0.0.1:\($0)" } ?? "off")}
            watch:
              - path: inbox
                profiles: by-subfolder
                output: relit/{profile}
                settle: 200ms
            """)
    }

    @Test func relightsThroughTheCloudPathAndSubmitsEachPhotoOnce() async throws {
        let sandbox = try await SandboxProcess(["--rate-limit-every", "7", "--retry-after", "1", "--error-rate", "0.1", "--drop-rate", "0.05", "--seed", "3"])
        let studio = try studio(sandbox)
        let daemon = try DaemonProcess(config: studio.config, environment: SandboxProcess.environment)
        try await daemon.waitUntilReady()
        let photos = ["rocket.jpg", "astronaut.png", "chelsea.png", "coffee.png"]
        for (index, photo) in photos.enumerated() {
            try studio.drop(photo, as: "inbox/\(index % 2 == 0 ? "golden-hour" : "neon-night")/\(index)-\(photo)")
        }
        try await daemon.waitFor(timeout: 120, "every output") {
            studio.files("relit/golden-hour").filter { $0.hasSuffix(".relight.json") }.count == 2
                && studio.files("relit/neon-night").filter { $0.hasSuffix(".relight.json") }.count == 2
        }
        #expect(try await daemon.stop() == 0)
        let sidecar = try String(contentsOfFile: studio.path("relit/golden-hour/0-rocket_golden-hour.relight.json"), encoding: .utf8)
        #expect(sidecar.contains("\"provider\" : \"pixeldojo\""))
        #expect(sidecar.contains("\"job_id\""))
        #expect(!sidecar.contains("sandbox-key"), "no secret in the sidecar")
        let jpeg = try Data(contentsOf: URL(fileURLWithPath: studio.path("relit/golden-hour/0-rocket_golden-hour_1.jpg")))
        #expect(jpeg.prefix(3) == Data([0xFF, 0xD8, 0xFF]))
        let stats = try await sandbox.stats()
        #expect(stats["submits"] as? Int == 4)
        #expect((stats["submitsByContent"] as? [String: Int])?.values.allSatisfy { $0 == 1 } == true, "\(stats)")
        #expect(!daemon.log.contains("sandbox-key"), "no secret in the log")
        // Issue 11.9: one "submitted" line per job.
        let submitted = daemon.log.split(separator: "\n").filter { $0.contains(" submitted ") || $0.hasSuffix(" submitted") }
        #expect(submitted.count == 4, "\(submitted.joined(separator: "\n"))")
    }

    @Test func outOfCreditsPausesAndResumesWhenCreditsReturn() async throws {
        let sandbox = try await SandboxProcess(["--credits", "1"])
        let port = StatusHTTP.freePort()
        let healthz = "http://127.0.0.1:\(port)/healthz"
        let studio = try studio(sandbox, statusPort: port)
        let daemon = try DaemonProcess(config: studio.config, environment: SandboxProcess.environment)
        try await daemon.waitUntilReady()
        try studio.drop("rocket.jpg", as: "inbox/golden-hour/one.jpg")
        try await daemon.waitFor("the first output") { studio.exists("relit/golden-hour/one_golden-hour.relight.json") }
        try await eventually("healthz to answer 200") { (try? await StatusHTTP.get(healthz))?.status == 200 }
        try studio.drop("coffee.png", as: "inbox/golden-hour/two.png")
        try await daemon.waitFor("the pause on 402") { daemon.log.contains("out of credits") }
        // The provider holds the item back by itself; the operator's health check sees it.
        try await eventually("healthz to report the 402 pause") {
            let answer = try? await StatusHTTP.get(healthz)
            return answer?.status == 503 && answer?.text.contains("out of credits") == true
        }
        // Issue 11.3: the held item is waiting (paused), not "uploading" and not in flight.
        try await eventually("the held item to show as paused and waiting") {
            guard let answer = try? await StatusHTTP.get("http://127.0.0.1:\(port)/api/status"),
                let json = try? JSONSerialization.jsonObject(with: Data(answer.text.utf8)) as? [String: Any],
                let queue = json["queue"] as? [String: Any], let recent = json["recent"] as? [[String: Any]]
            else { return false }
            let held = recent.first { ($0["file_name"] as? String) == "two.png" }
            return queue["in_flight"] as? Int == 0 && queue["waiting"] as? Int == 1 && held?["state"] as? String == "paused"
        }
        let dashboard = try await StatusHTTP.get("http://127.0.0.1:\(port)/")
        #expect(dashboard.text.contains("1 waiting, 0 in flight"), "\(dashboard.text)")
        // Between two credit checks the journal says paused too (during a check it is briefly moving).
        try await eventually("relight status to show the item paused") {
            (try? studio.relight(["status", "--json"]))?.output.contains("\"paused\" : 1") == true
        }
        let status = try studio.relight(["status", "--json"])
        #expect(!status.output.contains("\"failed\"") && status.output.contains("\"done\" : 1"), "the work stays queued: \(status.output)")
        #expect(status.output.contains("402"), "relight status says why: \(status.output)")
        #expect(!studio.exists("relit/golden-hour/two_golden-hour.relight.json"))
        try await sandbox.addCredits(5)
        try await daemon.waitFor(timeout: 90, "the output after the top-up") { studio.exists("relit/golden-hour/two_golden-hour.relight.json") }
        try await eventually("healthz to recover") { (try? await StatusHTTP.get(healthz))?.status == 200 }
        #expect(try await daemon.stop() == 0)
    }

    @Test func aRejectedKeyStopsSubmissionLoudlyAndKeepsTheWork() async throws {
        let sandbox = try await SandboxProcess()
        let port = StatusHTTP.freePort()
        let studio = try studio(sandbox, statusPort: port)
        var environment = SandboxProcess.environment
        environment["PIXELDOJO_API_KEY"] = "wrong-key"
        let daemon = try DaemonProcess(config: studio.config, environment: environment)
        try await daemon.waitUntilReady()
        try studio.drop("rocket.jpg", as: "inbox/golden-hour/a.jpg")
        try await daemon.waitFor("the 401 pause") { daemon.log.contains("401") }
        try await eventually("healthz to report the refused key") {
            let answer = try? await StatusHTTP.get("http://127.0.0.1:\(port)/healthz")
            return answer?.status == 503 && answer?.text.contains("401") == true && answer?.text.contains("wrong-key") == false
        }
        #expect(daemon.log.contains("systemctl restart relight"), "a variable cannot change under a running process: the log says to restart")
        #expect(try await daemon.stop() == 0)
        #expect(!daemon.log.contains("wrong-key"))
        let status = try studio.relight(["status", "--json"])
        #expect(!status.output.contains("\"failed\""), "nothing failed: \(status.output)")
        // With the right key the same work goes through.
        let again = try DaemonProcess(config: studio.config, environment: SandboxProcess.environment)
        try await again.waitUntilReady()
        try await again.waitFor(timeout: 90, "the output") { studio.exists("relit/golden-hour/a_golden-hour.relight.json") }
        #expect(try await again.stop() == 0)
    }

    @Test func aRefusedKeyFromTheKeyFileResumesOnceTheFileIsFixed() async throws {
        let sandbox = try await SandboxProcess()
        let port = StatusHTTP.freePort()
        let healthz = "http://127.0.0.1:\(port)/healthz"
        let keys = FileManager.default.temporaryDirectory.appendingPathComponent("relight-keys-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: keys) }
        let keyFile = keys + "/api-key"
        try Self.writeKey("wrong-key\n", to: keyFile)
        let studio = try studio(sandbox, statusPort: port)
        try studio.write("relight.yaml", try String(contentsOfFile: studio.config, encoding: .utf8)
            .replacingOccurrences(of: "pixeldojo:\n", with: "pixeldojo:\n  api_key_file: \(keyFile)\n"))
        let daemon = try DaemonProcess(config: studio.config, environment: ["PRESIGN_TOKEN": "sandbox-key"])
        try await daemon.waitUntilReady()
        try studio.drop("rocket.jpg", as: "inbox/golden-hour/a.jpg")
        try await daemon.waitFor("the 401 hold") { daemon.log.contains("401") }
        try await eventually("healthz to report the refused key and what to do") {
            let answer = try? await StatusHTTP.get(healthz)
            return answer?.status == 503 && answer?.text.contains("401") == true && answer?.text.contains("no restart needed") == true
        }
        // The operator fixes the file; the running daemon picks it up at its next check.
        try Self.writeKey("sandbox-key\n", to: keyFile)
        try await daemon.waitFor(timeout: 90, "the output without a restart") { studio.exists("relit/golden-hour/a_golden-hour.relight.json") }
        try await eventually("healthz to recover") { (try? await StatusHTTP.get(healthz))?.status == 200 }
        #expect(daemon.log.contains("the API key file changed") && daemon.log.contains("the API key is accepted again"))
        #expect(try await daemon.stop() == 0)
        #expect(!daemon.log.contains("wrong-key") && !daemon.log.contains("sandbox-key"), "no key in the log")
        let stats = try await sandbox.stats()
        #expect(stats["submits"] as? Int == 1)
        #expect((stats["submitsByContent"] as? [String: Int])?.values.allSatisfy { $0 == 1 } == true, "\(stats)")
    }

    /// Writes a key file as an operator would: mode 0600, replaced in one step.
    static func writeKey(_ text: String, to path: String) throws {
        let temporary = path + ".tmp"
        _ = FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        guard rename(temporary, path) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    @Test func aFailedJobFailsTheItemWithoutASecondSubmission() async throws {
        // Every job ends "failed": submitting again would be a second charge (and fail the same way).
        let sandbox = try await SandboxProcess(["--fail-rate", "1"])
        let studio = try studio(sandbox)
        let daemon = try DaemonProcess(config: studio.config, environment: SandboxProcess.environment)
        try await daemon.waitUntilReady()
        try studio.drop("rocket.jpg", as: "inbox/golden-hour/refused.jpg")
        try await daemon.waitFor("the error file") { studio.exists("relit/golden-hour/refused_golden-hour.error.json") }
        try await Task.sleep(for: .seconds(2))
        #expect(try await sandbox.stats()["submits"] as? Int == 1, "one submission, never a second")
        let report = try String(contentsOfFile: studio.path("relit/golden-hour/refused_golden-hour.error.json"), encoding: .utf8)
        #expect(report.contains("failed") && report.contains("relight retry"), "\(report)")
        let status = try studio.relight(["status"])
        #expect(status.output.contains("failed") && status.output.contains("refused.jpg"), "\(status.output)")
        #expect(try await daemon.stop() == 0)
    }

    @Test func jobsInFlightCountAgainstTheBudget() async throws {
        // Four photos at once with room for two: the first two are still running (3 s jobs) when the
        // others would start, and must be counted, not only what the journal has recorded as spent.
        let sandbox = try await SandboxProcess(["--job-duration", "3s"])
        let studio = try studio(sandbox, budget: 2)
        let daemon = try DaemonProcess(config: studio.config, environment: SandboxProcess.environment)
        try await daemon.waitUntilReady()
        for (index, photo) in ["rocket.jpg", "astronaut.png", "chelsea.png", "coffee.png"].enumerated() {
            try studio.drop(photo, as: "inbox/golden-hour/\(index)-\(photo)")
        }
        try await daemon.waitFor(timeout: 60, "two outputs and the budget pause") {
            studio.files("relit/golden-hour").filter { $0.hasSuffix(".relight.json") }.count == 2 && daemon.log.contains("daily budget of 2 credits is spent")
        }
        try await Task.sleep(for: .seconds(2))
        #expect(try await sandbox.stats()["submits"] as? Int == 2, "no job beyond the budget")
        #expect(studio.files("relit/golden-hour").filter { $0.hasSuffix(".relight.json") }.count == 2)
        // Raising the budget in relight.yaml lifts the pause without a restart.
        let config = try String(contentsOfFile: studio.config, encoding: .utf8)
        try studio.write("relight.yaml", config.replacingOccurrences(of: "credits_per_day: 2", with: "credits_per_day: 10"))
        try await daemon.waitFor(timeout: 60, "the other two after the raise") {
            studio.files("relit/golden-hour").filter { $0.hasSuffix(".relight.json") }.count == 4
        }
        #expect(try await sandbox.stats()["submits"] as? Int == 4)
        #expect(try await daemon.stop() == 0)
    }

    @Test func theDailyBudgetStopsSubmission() async throws {
        let sandbox = try await SandboxProcess()
        let studio = try studio(sandbox, budget: 1)
        let daemon = try DaemonProcess(config: studio.config, environment: SandboxProcess.environment)
        try await daemon.waitUntilReady()
        try studio.drop("rocket.jpg", as: "inbox/golden-hour/one.jpg")
        try await daemon.waitFor("the first output") { studio.exists("relit/golden-hour/one_golden-hour.relight.json") }
        try studio.drop("coffee.png", as: "inbox/golden-hour/two.png")
        try await daemon.waitFor("the budget pause") { daemon.log.contains("daily budget") }
        try await Task.sleep(for: .seconds(2))
        #expect(!studio.exists("relit/golden-hour/two_golden-hour.relight.json"))
        #expect(try await sandbox.stats()["submits"] as? Int == 1)
        #expect(try await daemon.stop() == 0)
    }
}
