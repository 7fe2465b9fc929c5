import Foundation
import Testing

/// `relight watch` end to end with the local engine: the real binary, real folders, real photos.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct DaemonLocalTests {
    @Test func relightsADropIntoEachProfileFolderWithASidecar() async throws {
        let studio = try Studio()
        let daemon = try DaemonProcess(config: studio.config)
        try await daemon.waitUntilReady()
        #expect(studio.exists("inbox/golden-hour") && studio.exists("inbox/neon-night"), "profile folders are created at start-up")
        try studio.drop("rocket.jpg", as: "inbox/golden-hour/rocket.jpg")
        try studio.drop("chelsea.png", as: "inbox/neon-night/cat.png")
        try await daemon.waitFor("both outputs") {
            studio.exists("relit/golden-hour/rocket_golden-hour.relight.json") && studio.exists("relit/neon-night/cat_neon-night.relight.json")
        }
        #expect(studio.files("relit/golden-hour") == ["rocket_golden-hour.relight.json", "rocket_golden-hour_1.jpg"])
        #expect(studio.files("relit/neon-night") == ["cat_neon-night.relight.json", "cat_neon-night_1.png"])
        let jpeg = try Data(contentsOf: URL(fileURLWithPath: studio.path("relit/golden-hour/rocket_golden-hour_1.jpg")))
        #expect(jpeg.prefix(3) == Data([0xFF, 0xD8, 0xFF]))
        let png = try Data(contentsOf: URL(fileURLWithPath: studio.path("relit/neon-night/cat_neon-night_1.png")))
        #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        let sidecar = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: studio.path("relit/golden-hour/rocket_golden-hour.relight.json")))) as? [String: Any]
        #expect((sidecar?["source"] as? [String: Any])?["path"] as? String == studio.path("inbox/golden-hour/rocket.jpg"))
        #expect(((sidecar?["source"] as? [String: Any])?["sha256"] as? String)?.count == 64)
        #expect((sidecar?["profile"] as? [String: Any])?["name"] as? String == "golden-hour")
        #expect(sidecar?["provider"] as? String == "local")
        #expect(sidecar?["outputs"] as? [String] == ["rocket_golden-hour_1.jpg"])
        #expect(studio.exists("inbox/golden-hour/rocket.jpg"), "after: keep leaves the source")
        #expect(try await daemon.stop() == 0)
    }

    @Test func catchesUpAfterARestartWithoutReprocessing() async throws {
        let studio = try Studio()
        do {
            let daemon = try DaemonProcess(config: studio.config)
            try await daemon.waitUntilReady()
            try studio.drop("rocket.jpg", as: "inbox/golden-hour/first.jpg")
            try await daemon.waitFor("the first output") { studio.exists("relit/golden-hour/first_golden-hour.relight.json") }
            #expect(try await daemon.stop() == 0)
        }
        // Arrives while the daemon is down.
        try studio.drop("coffee.png", as: "inbox/golden-hour/second.png")
        let firstOutput = studio.path("relit/golden-hour/first_golden-hour_1.jpg")
        let before = try FileManager.default.attributesOfItem(atPath: firstOutput)[.modificationDate] as? Date
        let daemon = try DaemonProcess(config: studio.config)
        try await daemon.waitUntilReady()
        try await daemon.waitFor("the catch-up output") { studio.exists("relit/golden-hour/second_golden-hour.relight.json") }
        try await Task.sleep(for: .seconds(1))
        #expect(try await daemon.stop() == 0)
        #expect(studio.files("relit/golden-hour") == [
            "first_golden-hour.relight.json", "first_golden-hour_1.jpg", "second_golden-hour.relight.json", "second_golden-hour_1.jpg",
        ])
        let after = try FileManager.default.attributesOfItem(atPath: firstOutput)[.modificationDate] as? Date
        #expect(before == after, "the first photo is not processed again")
        #expect(!daemon.log.contains("first.jpg outputs="), "no second relight of first.jpg")
        let status = try studio.relight(["status", "--json"])
        #expect(status.output.contains("\"done\" : 2"), "\(status.output)")
    }

    @Test func theSameContentUnderTwoNamesIsProcessedOnce() async throws {
        let studio = try Studio()
        let daemon = try DaemonProcess(config: studio.config)
        try await daemon.waitUntilReady()
        try studio.drop("astronaut.png", as: "inbox/neon-night/a.png")
        try await daemon.waitFor("the first output") { studio.exists("relit/neon-night/a_neon-night.relight.json") }
        try studio.drop("astronaut.png", as: "inbox/neon-night/b.png")
        try await daemon.waitFor("the reused output") { studio.exists("relit/neon-night/b_neon-night.relight.json") }
        #expect(try await daemon.stop() == 0)
        let first = try Data(contentsOf: URL(fileURLWithPath: studio.path("relit/neon-night/a_neon-night_1.png")))
        let second = try Data(contentsOf: URL(fileURLWithPath: studio.path("relit/neon-night/b_neon-night_1.png")))
        #expect(first == second)
        let sidecar = try String(contentsOfFile: studio.path("relit/neon-night/b_neon-night.relight.json"), encoding: .utf8)
        #expect(sidecar.contains("\"reused_from\" : \"\(studio.path("inbox/neon-night/a.png"))\""))
        let status = try studio.relight(["status", "--json"])
        #expect(status.output.contains("\"done\" : 1"), "one journal item for both names: \(status.output)")
    }

    @Test func editedContentIsProcessedAgain() async throws {
        let studio = try Studio()
        let daemon = try DaemonProcess(config: studio.config)
        try await daemon.waitUntilReady()
        try studio.drop("coffee.png", as: "inbox/golden-hour/shot.png")
        try await daemon.waitFor("the first output") { studio.exists("relit/golden-hour/shot_golden-hour.relight.json") }
        // The photographer re-exports the same file name with new content.
        try studio.drop("chelsea.png", as: "inbox/golden-hour/shot.png")
        try await daemon.waitFor("the second output") { studio.files("relit/golden-hour").count == 4 }
        #expect(try await daemon.stop() == 0)
        #expect(studio.files("relit/golden-hour").contains("shot_golden-hour (2).relight.json"))
        let status = try studio.relight(["status", "--json"])
        #expect(status.output.contains("\"done\" : 2"), "\(status.output)")
    }

    @Test func movesTheSourceOnlyAfterEveryProfileIsWritten() async throws {
        let config = """
            provider: local
            status: {listen: off}
            watch:
              - path: inbox
                profiles: [golden-hour, neon-night]
                output: relit/{profile}
                settle: 200ms
                after: move:done
            """
        let studio = try Studio(config: config)
        let daemon = try DaemonProcess(config: studio.config)
        try await daemon.waitUntilReady()
        try studio.drop("rocket.jpg", as: "inbox/launch.jpg")
        try studio.drop("chelsea.png", as: "inbox/day2/cat.png")
        try await daemon.waitFor("the sources to be moved") { studio.exists("done/launch.jpg") && studio.exists("done/day2/cat.png") }
        #expect(studio.exists("relit/golden-hour/launch_golden-hour_1.jpg"))
        #expect(studio.exists("relit/neon-night/launch_neon-night_1.png"))
        #expect(!studio.exists("inbox/launch.jpg") && !studio.exists("inbox/day2/cat.png"), "the archive mirrors the inbox's subfolders")
        #expect(try await daemon.stop() == 0)
    }

    @Test func sigtermDuringWorkExitsZeroAndLosesNothing() async throws {
        let studio = try Studio()
        let daemon = try DaemonProcess(config: studio.config)
        try await daemon.waitUntilReady()
        for index in 1...6 { try studio.drop("astronaut.png", as: "inbox/golden-hour/p\(index).png") }
        try studio.drop("rocket.jpg", as: "inbox/neon-night/r.jpg")
        try await Task.sleep(for: .milliseconds(600))
        #expect(try await daemon.stop(signal: SIGTERM) == 0)
        // Whatever was not finished is finished by the next start.
        let again = try DaemonProcess(config: studio.config)
        try await again.waitUntilReady()
        try await again.waitFor("every output") {
            studio.exists("relit/golden-hour/p1_golden-hour.relight.json") && studio.exists("relit/neon-night/r_neon-night.relight.json")
        }
        // The copies for p2-p6 come from the second start's catch-up scan, which may still be
        // under way when p1's outputs (made by the first run) are already there: wait for them
        // before stopping, or the stop races the scan.
        do {
            try await again.waitFor("every copy") { studio.files("relit/golden-hour").filter { $0.hasSuffix(".jpg") }.count == 6 }
        } catch {
            let jobs = (try? studio.relight(["status", "--json"]).output) ?? "-"
            Issue.record("""
                the first run's log:
                \(daemon.log)
                relit/golden-hour: \(studio.files("relit/golden-hour"))
                inbox/golden-hour: \(studio.files("inbox/golden-hour"))
                jobs: \(jobs)
                """)
            throw error
        }
        #expect(try await again.stop() == 0)
        #expect(studio.files("relit/golden-hour").filter { $0.hasSuffix(".jpg") } == (1...6).map { "p\($0)_golden-hour_1.jpg" })
        let status = try studio.relight(["status", "--json"])
        #expect(status.output.contains("\"done\" : 2"), "one relight per (content, profile): \(status.output)")
        #expect(studio.files("relit/golden-hour").filter { $0.hasPrefix(".relight-tmp") }.isEmpty)
    }
}

extension DaemonLocalTests {
    /// `relight retry` writes to the journal from another process; the running daemon, idle until
    /// then, is told by inotify and runs the item again at once (a corrupt photo fails again, and
    /// says so).
    @Test func aRunningDaemonPicksUpRelightRetry() async throws {
        let studio = try Studio()
        let daemon = try DaemonProcess(config: studio.config, arguments: ["--log-format", "json"])
        try await daemon.waitUntilReady()
        try studio.dropCorrupt(as: "inbox/golden-hour/broken.jpg")
        let failures = { daemon.log.components(separatedBy: "\"message\":\"failed\"").count - 1 }
        try await daemon.waitFor("the failure") { failures() == 1 }
        try await Task.sleep(for: .seconds(4))
        #expect(failures() == 1, "a failed item stays failed until someone retries it")
        let retry = try studio.relight(["retry", "--all-failed"])
        let retried = Date()
        #expect(retry.status == 0 && retry.output.contains("Requeued 1 item"), "\(retry.output)")
        try await daemon.waitFor(timeout: 30, "the daemon to run the item again") { failures() == 2 }
        let noticed = Date().timeIntervalSince(retried)
        // Generous for two shared cores under the parallel suite; the pickup itself takes about 0.1 s.
        #expect(noticed < 10, "picked up \(noticed) s after relight retry ended")
        #expect(try await daemon.stop() == 0)
    }
}
