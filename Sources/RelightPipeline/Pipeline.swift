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
        /// This host's name in a shared journal.
        public var host: String
        /// How long a claim holds in a shared journal without a heartbeat.
        public var leaseTimeout: Duration
        /// The status server's address, for the other hosts' status pages.
        public var statusListen: String?
        /// Whether ``Pipeline/outcomes`` keeps every finished item (`relight run` and the tests read
        /// them). The daemon does not: over months the list would grow without end.
        public var keepsOutcomes: Bool

        public init(
            concurrency: Int, maxAttempts: Int = 5, drainTimeout: Duration = .seconds(20), host: String = HostIdentity.machine,
            leaseTimeout: Duration = .seconds(30), statusListen: String? = nil, keepsOutcomes: Bool = true
        ) {
            self.concurrency = max(1, concurrency)
            self.maxAttempts = maxAttempts
            self.drainTimeout = drainTimeout
            self.host = host
            self.leaseTimeout = leaseTimeout
            self.statusListen = statusListen
            self.keepsOutcomes = keepsOutcomes
        }
    }

    /// What the status page and `/healthz` show.
    public struct Snapshot: Sendable, Equatable {
        public var queued: Int
        public var running: Int
        public var pausedReason: String?
        public var pausedUntil: Date?
        public var isRunning: Bool
        /// False while the journal does not answer (a shared journal's database is down).
        public var journalReachable: Bool = true
        /// Files detected while the journal was unreachable, kept until it is back.
        public var deferredFiles: Int = 0
        /// The pause is the daily budget's, spent until midnight.
        public var budgetSpent: Bool = false
        /// The folders this process serves (relight.yaml's, and a `relight run`'s): the journal may hold others.
        public var servedFolders: [String] = []
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
    /// The pause is the daily budget's (a reload with another budget lifts it).
    var pausedForBudget = false
    /// Credits set aside for running items that may submit (single-host journal): counted against the
    /// budget until they have submitted (then the journal counts them) or finished.
    var reservedCredits: [Int64: Double] = [:]
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
    /// The outputs copied for a path and profile whose item was another's, where ``Settings/keepsOutcomes``
    /// (`relight run` reports them; the daemon keeps nothing).
    var copiedOutputs: [CopyKey: [String]] = [:]
    /// Paths whose reused outputs are being copied (see ``copyOutputs(of:to:entry:profile:)``).
    var copyLock = PathLock()
    /// Profiles for which the catch-up said that photos seen before are not relit again.
    var announcedProfiles: Set<String> = []
    /// Finished items, in order, for `relight run`'s progress and for tests.
    var finishedItems: [ItemOutcome] = []
    /// Whether the journal answered its last query (heartbeat, accept).
    var journalReachable = true
    /// Files accepted while the journal was unreachable: accepted again once it answers.
    var deferred: [IncomingFile] = []
    /// The reason of a pause another host published, while this host honours it.
    var adoptedPause: String?
    /// When the run began, for the shared journal's host list.
    let startedAt = Date()
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
            isRunning: started && !stopping, journalReachable: journalReachable, deferredFiles: deferred.count,
            budgetSpent: pausedForBudget && pausedUntil != nil, servedFolders: servedPaths)
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
        let budgetChanged = configuration.budget.creditsPerDay != self.configuration.budget.creditsPerDay
        let added = Set(configuration.watch.map(\.path)).subtracting(self.configuration.watch.map(\.path))
        self.configuration = configuration
        self.profiles = profiles
        if !added.isEmpty {
            // A folder (back) in relight.yaml: its items already queued in the journal are this daemon's again.
            journalVersion = nil
            journalTouched = true
        }
        if budgetChanged, pausedForBudget {
            // A raised (or removed) budget may allow work again today: check afresh rather than wait for midnight.
            logger.notice("the daily budget changed; submission resumes if it allows")
            pausedUntil = nil
            pauseReason = nil
            pausedForBudget = false
        }
        nudger.yield()
    }

    /// Registers a watch entry that is not in the configuration (used by `relight run`).
    public func register(entry: WatchEntry) {
        extraEntries[entry.path] = entry
    }

    /// Outcomes of every item finished so far, in order.
    public var outcomes: [ItemOutcome] { finishedItems }

    /// The outputs written for `path` and `profile` as copies of another item's (``Settings/keepsOutcomes`` only).
    public func copiedOutputs(path: String, profile: String) -> [String]? { copiedOutputs[CopyKey(path: path, profile: profile)] }

    /// Keeps `outcome` for ``outcomes``, where the settings ask for it.
    func record(_ outcome: ItemOutcome) {
        if settings.keepsOutcomes { finishedItems.append(outcome) }
    }

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
        // A shared journal announces other hosts' work itself (LISTEN/NOTIFY, and the heartbeat's slow poll).
        let journalWatch = journal.isShared ? nil : ChangeTrigger(
            journalWatchTargets, pollInterval: .seconds(3), what: "the journal", logger: logger
        ) { writer.yield() }
        nudger.yield()
        await withDiscardingTaskGroup { group in
            if journal.isShared {
                group.addTask { await self.keepHeartbeat() }
                if let announcements = journal.announcements() {
                    group.addTask {
                        for await _ in announcements { await self.nudge() }
                    }
                }
            }
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
        journalWatch?.stop()
        started = false
    }

    private func fillSlots(group: inout DiscardingTaskGroup) async {
        // A shared journal that does not answer: nothing can be claimed; the heartbeat says when it is back.
        if journal.isShared, !journalReachable { return }
        while !stopping, running.count < settings.concurrency {
            if let until = pausedUntil {
                guard Date() >= until else { return }
                // Probe with one item; the pause lifts when it goes through.
                guard running.isEmpty else { return }
            }
            if await budgetExhausted() { return }
            let job: ItemJob
            if let id = queue.pop(now: Date()) {
                // Queued again (another name for the same photo, a catch-up scan) while an earlier
                // pop of it was being claimed: it runs already. A second run would upload, submit
                // and pay for it twice, and write its outputs twice.
                guard !running.contains(id) else { continue }
                guard let claimed = await makeJob(id) else { continue }
                guard await budgetAllows(claimed) else {
                    queue.push(id, lane: claimed.item.watchPath)
                    return
                }
                job = claimed
            } else if journal.isShared, journalReachable, let claimed = await claimNextJob() {
                job = claimed
            } else {
                return
            }
            let id = job.item.id!
            running.insert(id)
            if !journal.isShared, case let cost = expectedCost(job), cost > 0 { reservedCredits[id] = cost }
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

/// A source path and a profile name.
struct CopyKey: Hashable, Sendable {
    var path: String
    var profile: String
}
