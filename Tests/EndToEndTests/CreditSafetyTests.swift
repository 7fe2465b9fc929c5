import Foundation
import Testing

/// Issue 11.1: a profile edit (or an added profile) plus a restart never relights, or charges for,
/// photos the journal has seen; redoing them is `relight redo`, which counts, estimates and asks.
/// Through the real binaries: the daemon, the sandbox as the cloud API, and its submit count.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct CreditSafetyTests {
    func studio(_ sandbox: SandboxProcess, profilesForShoot: String) throws -> Studio {
        try Studio(config: sandbox.configSection + """

            status: {listen: off}
            watch:
              - path: inbox
                profiles: by-subfolder
                output: relit/{profile}
                settle: 200ms
              - path: shoot
                profiles: \(profilesForShoot)
                output: delivered/{profile}
                settle: 200ms
            """)
    }

    /// The daemon's start-up catch-up has happened once it logs the seen file and is idle.
    func restart(_ studio: Studio) async throws -> DaemonProcess {
        let daemon = try DaemonProcess(config: studio.config, environment: SandboxProcess.environment)
        try await daemon.waitUntilReady()
        return daemon
    }

    @Test func aProfileEditAndARestartRelightNothing() async throws {
        let sandbox = try await SandboxProcess()
        let studio = try studio(sandbox, profilesForShoot: "[golden-hour]")
        var daemon = try await restart(studio)
        try studio.drop("rocket.jpg", as: "inbox/golden-hour/coffee.jpg")
        try studio.drop("coffee.png", as: "shoot/table.png")
        try await daemon.waitFor(timeout: 90, "both outputs") {
            studio.exists("relit/golden-hour/coffee_golden-hour.relight.json") && studio.exists("delivered/golden-hour/table_golden-hour.relight.json")
        }
        #expect(try await daemon.stop() == 0)
        #expect(try await sandbox.stats()["submits"] as? Int == 2)

        // The profile edited (a word added, the light moved), and a second profile added to the shoot's list.
        let profile = studio.path("profiles/golden-hour.yaml")
        let text = try String(contentsOfFile: profile, encoding: .utf8)
        try studio.write("profiles/golden-hour.yaml", text
            .replacingOccurrences(of: "golden hour sunlight", with: "golden hour sunlight, hazy")
            .replacingOccurrences(of: "Left Light", with: "Right Light"))
        let config = try String(contentsOfFile: studio.config, encoding: .utf8)
        try studio.write("relight.yaml", config.replacingOccurrences(of: "profiles: [golden-hour]", with: "profiles: [golden-hour, neon-night]"))

        daemon = try await restart(studio)
        try await daemon.waitFor("the catch-up to pass the seen photos") {
            daemon.log.contains("photos seen before are not relit again with golden-hour, which was changed since; to relight them with the new version on purpose: relight redo --profile golden-hour")
                && daemon.log.contains("photos seen before are not relit again with neon-night, which was added since")
        }
        try await Task.sleep(for: .seconds(2))
        #expect(try await sandbox.stats()["submits"] as? Int == 2, "no submit after the edit and the restart")
        #expect(studio.files("relit/golden-hour") == ["coffee_golden-hour.relight.json", "coffee_golden-hour_1.jpg"], "no ' (2)' copy")
        #expect(!studio.exists("delivered/neon-night"), "the added profile applies to photos detected after it")

        // A photo that arrives now gets the edited profile and the added one.
        try studio.drop("chelsea.png", as: "shoot/cat.png")
        try await daemon.waitFor(timeout: 90, "the new photo's outputs") {
            studio.exists("delivered/golden-hour/cat_golden-hour.relight.json") && studio.exists("delivered/neon-night/cat_neon-night.relight.json")
        }
        #expect(try await sandbox.stats()["submits"] as? Int == 4)

        // Redo is deliberate: without a terminal and without --yes it refuses and queues nothing.
        let refused = try studio.relight(["redo", "--profile", "golden-hour"])
        #expect(refused.status == 64, "\(refused.output)")
        #expect(refused.output.contains("2 photos relit with an earlier version of golden-hour would be relit again: about 2 credits"), "\(refused.output)")
        #expect(refused.output.contains("--yes"))
        let dry = try studio.relight(["redo", "--profile", "golden-hour", "--folder", studio.path("shoot"), "--dry-run"])
        #expect(dry.status == 0)
        #expect(dry.output.contains("1 photo (in \(studio.path("shoot"))) relit with an earlier version"), "\(dry.output)")
        #expect(dry.output.contains("table.png"))
        try await Task.sleep(for: .seconds(1))
        #expect(try await sandbox.stats()["submits"] as? Int == 4, "neither a refusal nor a dry run submits")

        let redo = try studio.relight(["redo", "--profile", "golden-hour", "--folder", studio.path("shoot"), "--yes"])
        #expect(redo.status == 0, "\(redo.output)")
        #expect(redo.output.contains("Queued 1 photo"))
        try await daemon.waitFor(timeout: 90, "the redone output beside the first") { studio.exists("delivered/golden-hour/table_golden-hour_1 (2).jpg") }
        #expect(try await sandbox.stats()["submits"] as? Int == 5)
        #expect(try studio.relight(["redo", "--profile", "golden-hour", "--folder", studio.path("shoot"), "--yes"]).output.contains("Nothing to redo"))
        #expect(try await daemon.stop() == 0)

        // And a restart after all that still submits nothing.
        daemon = try await restart(studio)
        try await Task.sleep(for: .seconds(3))
        #expect(try await daemon.stop() == 0)
        #expect(try await sandbox.stats()["submits"] as? Int == 5)
        let listing = studio.files("relit/golden-hour") + studio.files("delivered/golden-hour") + studio.files("delivered/neon-night")
        #expect(listing.filter { $0.contains(" (2)") && !$0.hasSuffix(".json") } == ["table_golden-hour_1 (2).jpg"], "\(listing)")
    }
}
