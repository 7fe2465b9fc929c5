import FolderWatch
import Logging
import RelightConfig
import ServiceLifecycle

/// Reloads relight.yaml and the profiles when they change; a valid edit is swapped in without a
/// restart, an invalid one is reported and the last good version stays.
///
/// It sleeps until inotify reports a change in the config's folder or the profiles folder
/// (``ConfigReloader/watchTargets(profilesDirectory:)``), waits `settle` for the editor to
/// finish its save, and reloads when the files' stamps changed. Where inotify cannot be used
/// (a network mount), it checks the stamps every `interval` instead. It also looks once when it
/// starts, against the stamps taken when the daemon loaded its configuration, so an edit saved
/// while the daemon was starting is not missed.
public struct ReloadService: Service {
    public let reloader: ConfigReloader
    public let pipeline: Pipeline
    public let watcher: WatcherService
    public let interval: Duration
    public let settle: Duration
    public var initial: LoadedConfiguration
    /// The files' stamps when `initial` was loaded: an edit made before ``run()`` arms inotify
    /// (the daemon is already taking photos by then) still differs from it and is reloaded.
    public var initialStamp: ConfigReloader.Stamp
    /// Turns a configuration into what the watcher watches.
    public let setup: @Sendable (LoadedConfiguration) -> WatcherService.Setup

    public init(
        reloader: ConfigReloader, pipeline: Pipeline, watcher: WatcherService, initial: LoadedConfiguration,
        initialStamp: ConfigReloader.Stamp? = nil, interval: Duration = .seconds(2), settle: Duration = .milliseconds(100),
        setup: @escaping @Sendable (LoadedConfiguration) -> WatcherService.Setup
    ) {
        self.reloader = reloader
        self.pipeline = pipeline
        self.watcher = watcher
        self.initial = initial
        self.initialStamp = initialStamp ?? reloader.stamp(profilesDirectory: initial.configuration.profilesDirectory)
        self.interval = interval
        self.settle = settle
        self.setup = setup
    }

    public func run() async throws {
        let (wakes, waker) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        var current = initial
        var stamp = initialStamp
        var trigger = makeTrigger(current, waker)
        defer { trigger.stop() }
        // Anything saved between the load and now came before inotify was watching: look once.
        waker.yield()
        for await _ in wakes.cancelOnGracefulShutdown() {
            // Several events make one save (write, rename, chmod): look once they are over.
            try? await Task.sleep(for: settle)
            let now = reloader.stamp(profilesDirectory: current.configuration.profilesDirectory)
            guard now != stamp else { continue }
            stamp = now
            guard case .reloaded(let loaded) = reloader.reload() else { continue }
            let folderMoved = loaded.configuration.profilesDirectory != current.configuration.profilesDirectory
            current = loaded
            // Stamped before the load: a save while it parsed still differs and is reloaded at the next wake.
            // A moved profiles folder is stamped afresh, and looked at once more (below).
            if folderMoved { stamp = reloader.stamp(profilesDirectory: loaded.configuration.profilesDirectory) }
            // The profiles folder (or where the config's link points) may have moved.
            if reloader.watchTargets(profilesDirectory: loaded.configuration.profilesDirectory) != trigger.targets {
                trigger.stop()
                trigger = makeTrigger(loaded, waker)
                waker.yield()
            }
            DaemonPreparation.createProfileFolders(loaded)
            await pipeline.update(configuration: loaded.configuration, profiles: loaded.profiles)
            watcher.update(setup(loaded))
        }
    }

    private func makeTrigger(_ loaded: LoadedConfiguration, _ waker: AsyncStream<Void>.Continuation) -> ChangeTrigger {
        ChangeTrigger(
            reloader.watchTargets(profilesDirectory: loaded.configuration.profilesDirectory), pollInterval: interval,
            what: "the configuration and profiles", logger: reloader.logger
        ) { waker.yield() }
    }
}
