import Foundation
import RelightConfig
import Relighting
import RelightPipeline

/// Where the status server reads the daemon's state: the pipeline (live), the journal (durable)
/// and the health flags the daemon sets.
public struct StatusSource: Sendable {
    public var journal: Journal
    public var pipeline: Pipeline
    public var health: DaemonHealth
    public var providerName: String
    public var budget: BudgetSettings
    public var redactor: SecretRedactor

    public init(
        journal: Journal, pipeline: Pipeline, health: DaemonHealth, providerName: String, budget: BudgetSettings,
        redactor: SecretRedactor
    ) {
        self.journal = journal
        self.pipeline = pipeline
        self.health = health
        self.providerName = providerName
        self.budget = budget
        self.redactor = redactor
    }

    /// Whether the watcher and the pipeline run and the provider takes work; if not, why.
    public func healthCheck() async -> (healthy: Bool, reason: String) {
        let snapshot = await pipeline.currentSnapshot()
        return Self.health(snapshot: snapshot, health: health, redactor: redactor)
    }

    static func health(snapshot: Pipeline.Snapshot, health: DaemonHealth, redactor: SecretRedactor) -> (Bool, String) {
        if health.isStopping { return (false, "shutting down") }
        if !snapshot.isRunning { return (false, "the pipeline is not running") }
        if !snapshot.journalReachable {
            let kept = snapshot.deferredFiles > 0 ? "; \(snapshot.deferredFiles) detected file(s) kept until it is back" : ""
            return (false, "journal unreachable\(kept)")
        }
        if !health.isWatching { return (false, "the watched folders are not all in place yet") }
        if let reason = snapshot.pausedReason { return (false, "paused: \(redactor.redact(reason))") }
        if let (root, reason) = health.fallbacks.min(by: { $0.key < $1.key }) {
            // Still working (the tree is polled), but slower and costlier than it should be: an
            // operator has to raise the limit.
            return (false, "watches exhausted: \(redactor.redact(root)) is polled instead of watched: \(redactor.redact(reason))")
        }
        return (true, "ok")
    }

    /// The whole picture, for `/api/status`, the dashboard and `relight status`.
    public func report(recent: Int = 12, failures: Int = 20) async throws -> StatusReport {
        let snapshot = await pipeline.currentSnapshot()
        let (healthy, reason) = Self.health(snapshot: snapshot, health: health, redactor: redactor)
        let summary = try await journal.summary(failureLimit: failures)
        let folders = try await journal.countsByFolder()
        let recentItems = try await journal.jobs(limit: recent).items
        let failedItems = try await journal.jobs(state: .failed, limit: failures).items
        let state = !snapshot.isRunning ? "stopped" : snapshot.pausedReason != nil ? "paused" : "running"
        let provider = StatusReport.ProviderState(
            name: providerName, state: state, reason: snapshot.pausedReason.map(redactor.redact), pausedUntil: snapshot.pausedUntil,
            budgetPerDay: budget.isUnlimited ? nil : budget.creditsPerDay,
            budgetLeftToday: budget.isUnlimited ? nil : max(0, budget.creditsPerDay - summary.creditsToday))
        // On a shared journal, a folder another live host serves is watched too: its photos are in hand.
        let allHosts = journal.isShared ? try await journal.hosts() : nil
        let served = Set(snapshot.servedFolders).union((allHosts ?? []).filter(\.alive).flatMap(\.servedPaths))
        let hosts = allHosts?.map { host in
            var host = host
            host.servedPaths = host.servedPaths.map(redactor.redact)
            return host
        }
        return StatusReport(
            healthy: healthy, health: reason, provider: provider,
            queue: .init(waiting: snapshot.queued, inFlight: snapshot.running), counts: summary.counts,
            folders: folders.keys.sorted().map {
                StatusReport.Folder(path: redactor.redact($0), counts: folders[$0] ?? [:], watched: served.contains($0))
            },
            credits: .init(today: summary.creditsToday, total: summary.creditsTotal),
            failures: failedItems.map { StatusReport.Job($0, redactor: redactor) },
            recent: recentItems.map { StatusReport.Job($0, redactor: redactor) },
            generatedAt: Date(), journal: journal.backendName,
            hosts: hosts)
    }
}
