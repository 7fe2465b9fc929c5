import Foundation
import Logging
import RelightConfig
import Relighting

/// The scheduler: turns complete files into journal items and runs them through the provider with
/// bounded concurrency, fair sharing between watched folders, retries, pauses and the daily budget.
public actor Pipeline {
    public struct Settings: Sendable {
        /// How many items run at once (local: the cores; cloud: `max_in_flight`).
        public var concurrency: Int
        public var maxAttempts: Int
        /// How long a graceful stop waits for running local work before leaving it to the next start.
        public var drainTimeout: Duration

        public init(concurrency: Int, maxAttempts: Int = 5, drainTimeout: Duration = .seconds(20)) {
            self.concurrency = max(1, concurrency)
            self.maxAttempts = maxAttempts
            self.drainTimeout = drainTimeout
        }
    }

    /// What the status page and `/healthz` show.
    public struct Snapshot: Sendable, Equatable {
        public var queued: Int
        public var running: Int
        public var pausedReason: String?
        public var pausedUntil: Date?
        public var isRunning: Bool
    }

    let journal: Journal
    let provider: any RelightProvider
    let runner: ItemRunner
    let settings: Settings
    let logger: Logger
    var configuration: RelightConfiguration
    var profiles: ProfileCatalog
    /// Watch entries for `relight run`, which are not in the configuration.
    var extraEntries: [String: WatchEntry] = [:]

    var queue = WorkQueue()
    var running: Set<Int64> = []
    var pausedUntil: Date?
    var pauseReason: String?
    var pauseCount = 0
    var stopping = false
    var started = false
    var stopDeadline: Date?
    /// The journal's files were written since its change counter was last compared.
    var journalTouched = false
    /// The journal's external change counter at the last full scan; nil forces the next one.
    var journalVersion: Int?
    /// The one timer of an idle pipeline: the earliest time queued work becomes due (see ``nextWake(now:)``).
    var wakeTimer: WakeTimer?
    /// Sources waiting for their profiles, for `after:` and for copies of reused outputs.
    var sources: [String: SourceProgress] = [:]
    /// Profiles for which the catch-up said that photos seen before are not relit again.
    var announcedProfiles: Set<String> = []
    /// Finished items, in order, for `relight run`'s progress and for tests.
    var finishedItems: [ItemOutcome] = []
    private let nudges: AsyncStream<Void>
    let nudger: AsyncStream<Void>.Continuation

    public init(
        configuration: RelightConfiguration, profiles: ProfileCatalog, journal: Journal, provider: any RelightProvider,
        redactor: SecretRedactor, settings: Settings, logger: Logger
    ) {
        self.configuration = configuration
        self.profiles = profiles
        self.journal = journal
        self.provider = provider
        self.settings = settings
        self.logger = logger
        self.runner = ItemRunner(journal: journal, provider: provider, redactor: redactor, maxAttempts: settings.maxAttempts, logger: logger)
        (nudges, nudger) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Items the provider holds back while they run (out of credits) count as waiting, not in flight.
    public var snapshot: Snapshot {
        let held = min(runner.held.count, running.count)
        return Snapshot(
            queued: queue.count + held, running: running.count - held, pausedReason: pauseReason, pausedUntil: pausedUntil,
            isRunning: started && !stopping)
    }

    /// The snapshot with the provider's own pause folded in (a cloud provider holds its items
    /// back by itself while out of credits or refused).
    public func currentSnapshot() async -> Snapshot {
        var snapshot = self.snapshot
        if snapshot.pausedReason == nil, let pause = await provider.submissionPause() {
            snapshot.pausedReason = pause.reason
            snapshot.pausedUntil = pause.until
        }
        return snapshot
    }

    /// Swaps in a reloaded configuration and profiles; queued work continues with them.
    public func update(configuration: RelightConfiguration, profiles: ProfileCatalog) {
        self.configuration = configuration
        self.profiles = profiles
        nudger.yield()
    }

    /// Registers a watch entry that is not in the configuration (used by `relight run`).
    public func register(entry: WatchEntry) {
        extraEntries[entry.path] = entry
    }

    /// Outcomes of every item finished so far, in order.
    public var outcomes: [ItemOutcome] { finishedItems }

    /// Stops starting work. Running local work may finish within the drain timeout; cloud jobs stay
    /// in the journal with their ids and are resumed on the next start.
    public func stop() {
        stopping = true
        stopDeadline = Date().addingTimeInterval(Double(settings.drainTimeout.components.seconds))
        nudger.yield()
    }

    /// Whether nothing is queued or running.
    public var isIdle: Bool { queue.isEmpty && running.isEmpty }

    /// Runs until ``stop()`` (or cancellation), picking up open items from the journal first.
    ///
    /// Between nudges (a file accepted, an item finished, a reload, a stop, the journal written
    /// by another process) it sleeps; the only timer is for the earliest work that becomes due.
    public func run() async {
        started = true
        await loadOpenItems()
        let (writes, writer) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let journalWatch = ChangeTrigger(
            journalWatchTargets, pollInterval: .seconds(3), what: "the journal", logger: logger
        ) { writer.yield() }
        nudger.yield()
        await withDiscardingTaskGroup { group in
            group.addTask { [settle = Self.journalSettle] in
                for await _ in writes {
                    // SQLite appends to the write-ahead log before it publishes the commit in
                    // its shared index: compare the change counter once the writer is done.
                    try? await Task.sleep(for: settle)
                    await self.journalWritten()
                }
            }
            for await _ in nudges {
                if Task.isCancelled { break }
                if stopping && (running.isEmpty || Date() >= (stopDeadline ?? .distantPast)) { break }
                if !stopping { await scanJournalIfDue() }
                await fillSlots(group: &group)
                armWakeTimer(now: Date())
            }
            wakeTimer?.task.cancel()
            wakeTimer = nil
            writer.finish()
            group.cancelAll()
        }
        journalWatch.stop()
        started = false
    }

    private func fillSlots(group: inout DiscardingTaskGroup) async {
        while !stopping, running.count < settings.concurrency {
            if let until = pausedUntil {
                guard Date() >= until else { return }
                // Probe with one item; the pause lifts when it goes through.
                guard running.isEmpty else { return }
            }
            if await budgetExhausted() { return }
            guard let id = queue.pop(now: Date()) else { return }
            guard let job = await makeJob(id) else { continue }
            running.insert(id)
            let runner = self.runner
            group.addTask {
                let outcome = await runner.run(job)
                await self.finished(outcome)
            }
            if pausedUntil != nil { return }
        }
    }

    func nudge() { nudger.yield() }
}
