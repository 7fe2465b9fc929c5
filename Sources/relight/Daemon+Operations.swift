import Foundation
import Logging
import RelightConfig
import Relighting
import RelightPipeline
import ServiceLifecycle
import StatusServer

/// The daemon's operations side: metrics, the status server, systemd's readiness and watchdog.
struct DaemonOperations: Sendable {
    let health = DaemonHealth()
    let notifier = SystemdNotifier()
    let status: StatusService?

    init(config: RelightConfiguration, journal: Journal, pipeline: Pipeline, providerName: String, redactor: SecretRedactor, logger: Logger) {
        _ = MetricsBootstrap.registry
        PipelineMetrics.prepare()
        // A key read from `api_key_file` is as secret as one from the environment.
        let fileKey = config.pixeldojo.apiKeyFile
            .flatMap { try? String(contentsOfFile: $0, encoding: .utf8) }?.trimmingCharacters(in: .whitespacesAndNewlines)
        let redactor = SecretRedactor(secrets: redactor.secrets + (fileKey.map { [$0] } ?? []))
        LogSettings.redactor = redactor
        let source = StatusSource(
            journal: journal, pipeline: pipeline, health: health, providerName: providerName, budget: config.budget, redactor: redactor)
        status = config.status.listen.map { listen in
            StatusService(
                listen: listen, token: ProcessInfo.processInfo.environment[config.status.tokenEnv], source: source,
                thumbnails: Thumbnailer(stateDirectory: config.stateDirectory), metrics: { [host = config.journal.isShared ? HostIdentity.make(configured: config.journal.hostID, stateDirectory: config.stateDirectory) : nil] in
                    host.map { MetricsBootstrap.labelled(MetricsBootstrap.text(), host: $0) } ?? MetricsBootstrap.text()
                }, logger: logger)
        }
    }

    /// Services that go before the daemon's own: the group stops services in reverse order, so the
    /// status server answers (with 503 "shutting down") until the end.
    var services: [ServiceGroupConfiguration.ServiceConfiguration] {
        status.map { [.init(service: $0)] } ?? []
    }

    /// Services that go after the daemon's own, to hear of a shutdown first: systemd's watchdog,
    /// which says STOPPING=1 and marks the daemon unhealthy.
    var lastServices: [ServiceGroupConfiguration.ServiceConfiguration] {
        [.init(service: WatchdogService(notifier: notifier, health: health, interval: SystemdNotifier.keepAliveInterval()))]
    }

    /// Trees polled because the kernel ran out of inotify watches: `/healthz` says so.
    func pollingFallbacks(_ fallbacks: [String: String]) {
        health.pollingFallbacks(fallbacks)
    }

    /// Every watched folder is in place: healthy, and READY=1 for systemd.
    func watching() {
        health.watcherReady()
        notifier.notify("READY=1\nSTATUS=watching")
    }
}
