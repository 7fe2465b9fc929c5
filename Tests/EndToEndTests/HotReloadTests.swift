import Foundation
import Testing

/// Edits to relight.yaml and the profiles take effect without a restart; a broken edit changes nothing.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct HotReloadTests {
    @Test func aProfileAddedAndOneRemovedTakeEffect() async throws {
        let studio = try Studio()
        let daemon = try DaemonProcess(config: studio.config)
        try await daemon.waitUntilReady()
        try studio.write("profiles/candle.yaml", "description: candle\nprompt: candlelight\nsize: 256x256\noutput_format: jpg\n")
        try FileManager.default.removeItem(atPath: studio.path("profiles/neon-night.yaml"))
        try await daemon.waitFor("the reload") { daemon.log.contains("configuration reloaded") && studio.exists("inbox/candle") }
        try await Task.sleep(for: .seconds(1))
        try studio.drop("rocket.jpg", as: "inbox/candle/c.jpg")
        try studio.drop("coffee.png", as: "inbox/neon-night/n.png")
        try await daemon.waitFor("the new profile's output") { studio.exists("relit/candle/c_candle.relight.json") }
        try await daemon.waitFor("the removed profile's folder to be unroutable") { daemon.log.contains("n.png") }
        #expect(!studio.exists("relit/neon-night"))
        #expect(try await daemon.stop() == 0)
    }

    @Test func anEditedProfileIsUsedForTheNextPhoto() async throws {
        let studio = try Studio()
        let daemon = try DaemonProcess(config: studio.config)
        try await daemon.waitUntilReady()
        try studio.drop("rocket.jpg", as: "inbox/golden-hour/before.jpg")
        try await daemon.waitFor("the first output") { studio.exists("relit/golden-hour/before_golden-hour.relight.json") }
        try studio.write("profiles/golden-hour.yaml", "description: warm\nprompt: golden hour sunset glow\nsize: 256x256\noutput_format: webp\nseed: 9\n")
        try await daemon.waitFor("the reload") { daemon.log.contains("configuration reloaded") }
        try studio.drop("rocket.jpg", as: "inbox/golden-hour/after.jpg")
        try await daemon.waitFor("the output with the edited profile") { studio.exists("relit/golden-hour/after_golden-hour_1.webp") }
        #expect(try await daemon.stop() == 0)
    }

    @Test func anInvalidEditKeepsTheLastGoodVersion() async throws {
        let studio = try Studio()
        let daemon = try DaemonProcess(config: studio.config)
        try await daemon.waitUntilReady()
        try studio.write("profiles/golden-hour.yaml", "prompt: golden hour\nsteps: 99\n")
        try await daemon.waitFor("the rejected edit") { daemon.log.contains("last good version stays") }
        #expect(daemon.log.contains("\(studio.path("profiles/golden-hour.yaml")):2:8"), "the error names the file, line and column")
        try studio.drop("rocket.jpg", as: "inbox/golden-hour/still.jpg")
        try await daemon.waitFor("an output with the last good profile") { studio.exists("relit/golden-hour/still_golden-hour_1.jpg") }
        #expect(try await daemon.stop() == 0)
    }

    @Test func aNewWatchEntryStartsWatching() async throws {
        let studio = try Studio()
        let daemon = try DaemonProcess(config: studio.config)
        try await daemon.waitUntilReady()
        try studio.write("relight.yaml", Studio.defaultConfig + """

              - path: second
                profiles: [neon-night]
                output: relit-second
                settle: 200ms
            """)
        try await daemon.waitFor("the reload") { daemon.log.contains("configuration reloaded") && studio.exists("second") }
        try await daemon.waitFor("the new folder to be watched") { daemon.log.contains("folder=\(studio.path("second"))") }
        try studio.drop("chelsea.png", as: "second/cat.png")
        try await daemon.waitFor("the output from the new entry") { studio.exists("relit-second/cat_neon-night.relight.json") }
        #expect(try await daemon.stop() == 0)
    }

    /// Editors save by writing the new text under another name and renaming it over the file.
    @Test func aProfileSavedByRenameIsReloaded() async throws {
        let studio = try Studio()
        let daemon = try DaemonProcess(config: studio.config)
        try await daemon.waitUntilReady()
        try studio.write("profiles/.golden-hour.yaml.swp", "description: warm\nprompt: golden hour sunset glow\nsize: 256x256\noutput_format: webp\nseed: 9\n")
        #expect(rename(studio.path("profiles/.golden-hour.yaml.swp"), studio.path("profiles/golden-hour.yaml")) == 0)
        try await daemon.waitFor("the reload") { daemon.log.contains("configuration reloaded") }
        try studio.drop("rocket.jpg", as: "inbox/golden-hour/after.jpg")
        try await daemon.waitFor("the output with the edited profile") { studio.exists("relit/golden-hour/after_golden-hour_1.webp") }
        #expect(try await daemon.stop() == 0)
    }

    @Test func aConfigReplacedByRenameIsReloaded() async throws {
        let studio = try Studio()
        let daemon = try DaemonProcess(config: studio.config)
        try await daemon.waitUntilReady()
        try studio.write("relight.yaml.new", Studio.defaultConfig + """

              - path: second
                profiles: [neon-night]
                output: relit-second
                settle: 200ms
            """)
        #expect(rename(studio.path("relight.yaml.new"), studio.config) == 0)
        try await daemon.waitFor("the reload") { daemon.log.contains("configuration reloaded") && studio.exists("second") }
        try await daemon.waitFor("the new folder to be watched") { daemon.log.contains("folder=\(studio.path("second"))") }
        try studio.drop("chelsea.png", as: "second/cat.png")
        try await daemon.waitFor("the output from the new entry") { studio.exists("relit-second/cat_neon-night.relight.json") }
        #expect(try await daemon.stop() == 0)
    }

    /// A whole profiles folder swapped in by renames (a deploy): the new folder is watched from then on.
    @Test func aProfilesFolderReplacedByRenameIsFollowed() async throws {
        let studio = try Studio()
        let daemon = try DaemonProcess(config: studio.config)
        try await daemon.waitUntilReady()
        try studio.write("profiles.new/golden-hour.yaml", Studio.defaultProfiles["golden-hour"]!)
        try studio.write("profiles.new/candle.yaml", "description: candle\nprompt: candlelight\nsize: 256x256\noutput_format: jpg\n")
        #expect(rename(studio.path("profiles"), studio.path("profiles.old")) == 0)
        #expect(rename(studio.path("profiles.new"), studio.path("profiles")) == 0)
        let reloads = { daemon.log.components(separatedBy: "configuration reloaded").count - 1 }
        try await daemon.waitFor("the reload") { reloads() >= 1 && studio.exists("inbox/candle") }
        let before = reloads()
        try studio.write("profiles/candle.yaml", "description: candle\nprompt: candlelight\nsize: 256x256\noutput_format: webp\n")
        try await daemon.waitFor("the edit in the new folder") { reloads() > before }
        try await Task.sleep(for: .milliseconds(300))
        try studio.drop("rocket.jpg", as: "inbox/candle/c.jpg")
        try await daemon.waitFor("the output with the edited profile") { studio.exists("relit/candle/c_candle_1.webp") }
        #expect(try await daemon.stop() == 0)
    }
}
