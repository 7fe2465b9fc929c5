import FolderWatch
import PixelDojo
import Foundation
import ImageCodecs
import Logging
import RelightConfig
import Relighting
import RelightPipeline
import ServiceLifecycle
import UnixSignals

/// `relight watch`: the watcher, the pipeline and the reloader as services in one ServiceGroup.
struct Daemon {
    let global: GlobalOptions

    func run() async throws {
        let loaded = try loadConfiguration(global)
        let config = loaded.configuration
        let logger = makeLogger("relight")
        let reloader = ConfigReloader(configPath: config.file, logger: logger)
        // Stamped now: an edit saved while the daemon starts is reloaded once it runs.
        let loadedStamp = reloader.stamp(profilesDirectory: config.profilesDirectory)
        for folder in DaemonPreparation.createProfileFolders(loaded) {
            logger.debug("created profile folder", metadata: ["folder": "\(folder)"])
        }
        let swept = DaemonPreparation.sweepTemporaries(config)
        if swept > 0 { logger.notice("removed \(swept) temporary file(s) left by an earlier crash") }

        let journal = try await openJournal(config, logger: logger, waitForServer: true)
        let provider = try ProviderSetup.make(config, kind: config.provider, logger: logger)
        // A key read again from api_key_file after a 401 is masked in the log like the first one.
        (provider as? CloudProvider)?.keys.onNewKey { LogSettings.addSecret($0) }
        await deleteLeftoverUploads(journal: journal, provider: provider, logger: logger)
        let redactor = SecretRedactor(environment: ProcessInfo.processInfo.environment, variables: ProviderSetup.secretVariables(config))
        let concurrency = ProviderSetup.concurrency(config, kind: config.provider)
        let pipeline = Pipeline(
            configuration: config, profiles: loaded.profiles, journal: journal, provider: provider, redactor: redactor,
            settings: .init(
                concurrency: concurrency,
                host: HostIdentity.make(configured: config.journal.hostID, stateDirectory: config.stateDirectory),
                leaseTimeout: config.journal.leaseTimeout, statusListen: config.status.listen?.description, keepsOutcomes: false),
            logger: logger)
        let operations = DaemonOperations(config: config, journal: journal, pipeline: pipeline, providerName: provider.name, redactor: redactor, logger: logger)
        let setup: @Sendable (LoadedConfiguration) -> WatcherService.Setup = { loaded in
            WatcherService.Setup(
                entries: loaded.configuration.watch, knownProfiles: Set(loaded.profiles.names),
                ignoredFolders: [loaded.configuration.stateDirectory])
        }
        let hints = DaemonPreparation.dropHints(loaded)
        let watcher = WatcherService(
            setup: setup(loaded), pipeline: pipeline, logger: logger, onFallbacks: { operations.pollingFallbacks($0) }
        ) {
            operations.watching()
            for hint in hints { printError(hint) }
        }
        let reload = ReloadService(
            reloader: reloader, pipeline: pipeline, watcher: watcher,
            initial: loaded, initialStamp: loadedStamp, setup: setup)
        var group = ServiceGroupConfiguration(
            services: operations.services + [
                .init(service: PipelineService(pipeline: pipeline)),
                .init(service: watcher),
                .init(service: reload),
            ] + operations.lastServices,
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        group.maximumGracefulShutdownDuration = .seconds(25)
        logger.info("relight \(RelightVersion.current) started", metadata: [
            "config": "\(config.file)", "provider": "\(provider.name)", "journal": "\(journal.path ?? journal.backendName)",
        ])
        do {
            try await ServiceGroup(configuration: group).run()
        } catch {
            try? await provider.shutdown()
            await journal.close()
            throw error
        }
        try? await provider.shutdown()
        await journal.close()
        logger.info("stopped; unfinished work resumes on the next start")
    }

    /// Before any work is picked: objects an earlier run uploaded and that no job needs any more.
    private func deleteLeftoverUploads(journal: Journal, provider: any RelightProvider, logger: Logger) async {
        do {
            let cleanup = try await DaemonPreparation.deleteLeftoverUploads(journal: journal, provider: provider, logger: logger)
            guard cleanup.deleted + cleanup.keptByStore + cleanup.failed + cleanup.inUse > 0 else { return }
            logger.info(
                "cleaned \(cleanup.deleted) uploaded photo(s) left by an earlier run; \(cleanup.inUse) kept for jobs still under way, \(cleanup.failed) to try again at the next start",
                metadata: ["uploads.deleted": "\(cleanup.deleted)", "uploads.kept": "\(cleanup.inUse)", "uploads.failed": "\(cleanup.failed)"])
        } catch {
            logger.warning("could not read the journal's uploads; leftover objects stay until the bucket's lifecycle rule removes them", metadata: ["error": "\(error)"])
        }
    }
}

/// A logger writing one line per event to standard error. Bootstrapped once per process.
func makeLogger(_ label: String, level: Logger.Level? = nil) -> Logger {
    LoggingBootstrap.once
    var logger = Logger(label: label)
    logger.logLevel = level ?? LogSettings.level
    return logger
}

enum LoggingBootstrap {
    static let once: Void = LoggingSystem.bootstrap { label in RelightLogHandler(label: label) }
}
