import Foundation
import FolderWatch
import Logging
import RelightPipeline
import Testing

/// What the reloader asks inotify to watch.
struct ConfigReloaderTests {
    @Test func aPlainConfigIsWatchedByNameBesideTheProfilesFolder() throws {
        let scratch = try Scratch()
        let config = try scratch.write("relight.yaml", Data("provider: local\n".utf8))
        let targets = ConfigReloader(configPath: config, environment: [:], logger: Logger(label: "reload")).watchTargets(profilesDirectory: scratch.url("profiles"))
        #expect(targets == [
            DirectoryMonitor.Target(directory: scratch.path, names: ["relight.yaml"]),
            DirectoryMonitor.Target(directory: scratch.url("profiles"), followsReplacement: true),
        ])
    }
}
