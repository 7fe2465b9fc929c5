import Foundation
import Logging
import RelightConfig
import RelightPipeline
import Testing

/// The reloader starts after the daemon is already taking photos; edits saved in between count.
struct ReloadServiceTests {
    @Test func aProfileSavedWhileTheDaemonStartsIsReloaded() async throws {
        let lines = LogLines()
        let logger = Logger(label: "reload") { _ in lines }
        let studio = try LocalPipeline(logger: logger)
        let scratch = studio.scratch
        let loaded = try ConfigLoader.load(path: scratch.url("relight.yaml"), environment: [:])
        let reloader = ConfigReloader(configPath: scratch.url("relight.yaml"), environment: [:], logger: logger)
        let stamp = reloader.stamp(profilesDirectory: loaded.configuration.profilesDirectory)
        // Saved after the load, before the service runs (and so before inotify watches anything).
        try scratch.write("profiles/candle.yaml", Data("prompt: candlelight\nsize: 256x256\noutput_format: jpg\n".utf8))
        let setup: @Sendable (LoadedConfiguration) -> WatcherService.Setup = { loaded in
            WatcherService.Setup(entries: loaded.configuration.watch, knownProfiles: Set(loaded.profiles.names), ignoredFolders: [])
        }
        let service = ReloadService(
            reloader: reloader, pipeline: studio.pipeline, watcher: WatcherService(setup: setup(loaded), pipeline: studio.pipeline, logger: logger),
            initial: loaded, initialStamp: stamp, setup: setup)
        let running = Task { try await service.run() }
        defer { running.cancel() }
        let deadline = Date().addingTimeInterval(10)
        while !lines.text.contains("configuration reloaded"), Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(lines.text.contains("configuration reloaded"), "\(lines.text)")
        #expect(await studio.pipeline.currentProfiles().profiles.names.sorted() == ["candle", "warm"], "the new profile is in force")
    }
}
