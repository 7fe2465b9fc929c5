import Foundation
import ImageCodecs
import ImagePixels
import Testing

/// `relight run` relights with the config's provider: with `provider: pixeldojo`, the cloud (here the
/// real sandbox binary), once per photo and profile; `--provider local` picks the free engine.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct RunCloudTests {
    @Test func runUsesTheConfiguredCloudAndChargesEachPhotoOnce() async throws {
        let sandbox = try await SandboxProcess()
        let studio = try Studio(config: sandbox.configSection + PreviewCloudTests.rest)
        try studio.drop("rocket.jpg", as: "photos/rocket.jpg")
        let source = try ImageDecoder.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: studio.path("photos/rocket.jpg"))))).pixels

        let first = try Self.run(studio, ["photos/rocket.jpg", "--profile", "golden-hour", "--out", "out"])
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.contains("Relighting with the cloud API: at most 1 credits"), "\(first.output)")
        let output = try ImageDecoder.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: studio.path("out/rocket_golden-hour_1.jpg"))))).pixels
        #expect(output.width == source.width && output.height == source.height, "the full frame, restored from the cloud's result")
        #expect(try await sandbox.stats()["submits"] as? Int == 1)

        // The same photo and profile again: the journal has it, nothing is submitted.
        let again = try Self.run(studio, ["photos/rocket.jpg", "--profile", "golden-hour", "--out", "out"])
        #expect(again.status == 0, "\(again.output)")
        #expect(try await sandbox.stats()["submits"] as? Int == 1, "not charged twice")

        // --provider local: the engine, no cloud job.
        let local = try Self.run(studio, ["photos/rocket.jpg", "--profile", "neon-night", "--out", "out", "--provider", "local"])
        #expect(local.status == 0 && !local.output.contains("cloud API"), "\(local.output)")
        #expect(studio.exists("out/rocket_neon-night_1.png"))
        #expect(try await sandbox.stats()["submits"] as? Int == 1)
    }

    @Test func aRunThatMeetsTheDailyBudgetSaysSoAndEnds() async throws {
        // Room for one job: the run must say the budget is spent and end, not wait for midnight.
        let sandbox = try await SandboxProcess()
        let studio = try Studio(config: sandbox.configSection + "\nbudget:\n  credits_per_day: 1" + PreviewCloudTests.rest)
        for photo in ["rocket.jpg", "coffee.png", "chelsea.png"] { try studio.drop(photo, as: "photos/\(photo)") }
        let result = try Self.run(studio, ["photos", "--profile", "golden-hour", "--out", "out"])
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("paused: the daily budget of 1") && result.output.contains("not submitted"), "\(result.output)")
        #expect(result.output.contains("1 image written"), "\(result.output)")
        #expect(try await sandbox.stats()["submits"] as? Int == 1, "nothing beyond the budget")
    }

    @Test func aCloudRunWithoutItsKeyIsAConfigurationError() async throws {
        let sandbox = try await SandboxProcess()
        let studio = try Studio(config: sandbox.configSection + PreviewCloudTests.rest)
        try studio.drop("rocket.jpg", as: "photos/rocket.jpg")
        let result = try Self.run(studio, ["photos/rocket.jpg", "--profile", "golden-hour"], environment: [:])
        #expect(result.status == 78, "\(result.output)")
        #expect(result.output.contains("PIXELDOJO_API_KEY"), "the message names the variable to set: \(result.output)")
        #expect(try await sandbox.stats()["submits"] as? Int == 0)
    }

    /// Runs `relight run` in the studio, with the sandbox's key and token unless `environment` says otherwise.
    static func run(
        _ studio: Studio, _ arguments: [String], environment: [String: String] = SandboxProcess.environment
    ) throws -> (status: Int32, output: String) {
        try studio.relight(["run"] + arguments, environment: environment, unset: Array(SandboxProcess.environment.keys))
    }
}
