import Logging
import RelightConfig
import ServiceLifecycle

/// Checks relight.yaml and the profiles every couple of seconds; a valid edit is swapped in
/// without a restart, an invalid one is reported and the last good version stays.
public struct ReloadService: Service {
    public let reloader: ConfigReloader
    public let pipeline: Pipeline
    public let watcher: WatcherService
    public let interval: Duration
    public var initial: LoadedConfiguration
    /// Turns a configuration into what the watcher watches.
    public let setup: @Sendable (LoadedConfiguration) -> WatcherService.Setup

    public init(
        reloader: ConfigReloader, pipeline: Pipeline, watcher: WatcherService, initial: LoadedConfiguration,
        interval: Duration = .seconds(2), setup: @escaping @Sendable (LoadedConfiguration) -> WatcherService.Setup
    ) {
        self.reloader = reloader
        self.pipeline = pipeline
        self.watcher = watcher
        self.initial = initial
        self.interval = interval
        self.setup = setup
    }

    public func run() async throws {
        var current = initial
        var stamp = reloader.stamp(profilesDirectory: current.configuration.profilesDirectory)
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let interval = self.interval
            _ = try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            let now = reloader.stamp(profilesDirectory: current.configuration.profilesDirectory)
            guard now != stamp else { continue }
            stamp = now
            guard case .reloaded(let loaded) = reloader.reload() else { continue }
            current = loaded
            stamp = reloader.stamp(profilesDirectory: loaded.configuration.profilesDirectory)
            DaemonPreparation.createProfileFolders(loaded)
            await pipeline.update(configuration: loaded.configuration, profiles: loaded.profiles)
            watcher.update(setup(loaded))
        }
    }
}
