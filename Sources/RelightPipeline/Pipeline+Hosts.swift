import Foundation
import Logging
import RelightConfig
import Relighting

/// Several hosts on one shared journal: claims under leases, the heartbeat that renews them,
/// the shared pause, and the files kept while the journal is unreachable.
extension Pipeline {
    /// The watched folders this host serves: the configured ones and those `relight run` registered.
    var servedPaths: [String] { configuration.watch.map(\.path) + extraEntries.keys.sorted() }

    /// What this host asks for when it claims an item.
    func lease() -> Journal.Lease {
        var lease = Journal.Lease(host: settings.host, timeout: settings.leaseTimeout, servedPaths: servedPaths)
        let budget = configuration.budget
        if journal.isShared, !budget.isUnlimited, provider.name != ProviderKind.local.rawValue {
            var estimates: [String: Double] = [:]
            for name in profiles.names {
                if let profile = profiles.profile(named: name) {
                    estimates[name] = CreditEstimate.credits(photos: 1, profile: profile, provider: .pixeldojo)
                }
            }
            lease.budget = Journal.BudgetCheck(
                creditsPerDay: budget.creditsPerDay, estimates: estimates, startOfDay: Calendar.current.startOfDay(for: Date()))
        }
        return lease
    }

    /// Takes the oldest item of a served folder that no live lease holds (another host's
    /// detection, or an item whose holder died), and makes its job.
    func claimNextJob() async -> ItemJob? {
        while true {
            let claim: Journal.Claim
            do {
                claim = try await journal.claimNext(lease: lease())
            } catch {
                journalUnreachable()
                return nil
            }
            switch claim {
            case .claimed(let item):
                queue.remove(item.id!)
                if let job = await makeJob(item) { return job }
            case .unavailable: return nil
            case .overBudget(let spent):
                pauseForBudget(spent: spent)
                return nil
            }
        }
    }

    /// How often the heartbeat renews leases: three times per lease timeout, at most every 5 s.
    var heartbeatInterval: Duration { min(settings.leaseTimeout / 3, .seconds(5)) }

    /// Renews this host's leases, publishes and reads the shared pause, brings back files kept
    /// while the journal was unreachable, and looks for work (the slow poll behind the announcements).
    func keepHeartbeat() async {
        while !Task.isCancelled {
            await beat()
            try? await Task.sleep(for: heartbeatInterval)
        }
    }

    func beat() async {
        let beat = Journal.HostBeat(
            host: settings.host, leaseTimeout: settings.leaseTimeout, servedPaths: servedPaths, holding: running.sorted(),
            statusListen: settings.statusListen, startedAt: startedAt)
        do {
            try await journal.heartbeat(beat)
            try await shareProviderPause()
        } catch {
            journalUnreachable()
            return
        }
        if !journalReachable {
            journalReachable = true
            logger.notice("the journal answers again; resuming", metadata: ["journal": "\(journal.backendName)"])
            journalVersion = nil
            await loadOpenItems()
        }
        let waiting = deferred
        deferred = []
        for file in waiting { await accept(file) }
        await collectDeliveredElsewhere()
        nudge()
    }

    /// Sources waiting for items that another host finished: copy their outputs where owed and
    /// apply `after:`, as if this host had finished them.
    func collectDeliveredElsewhere() async {
        for sha in Set(sources.values.map(\.sha256)) {
            guard let items = try? await journal.items(sha256: sha) else { return }
            for item in items where item.state == .done && !running.contains(item.id ?? -1) {
                await delivered(item)
            }
        }
    }

    /// A 401 or 402 that this host's provider holds back on is published for every host; a
    /// pause another host published holds this one too, until it lifts.
    func shareProviderPause() async throws {
        if let pause = await provider.submissionPause() {
            let until = max(pause.until ?? .distantPast, Date().addingTimeInterval(Double(settings.leaseTimeout.components.seconds)))
            try await journal.setSharedPause(Journal.SharedPause(reason: pause.reason, until: until, host: settings.host))
            return
        }
        let shared = try await journal.sharedPause()
        if let shared, shared.host == settings.host {
            // This host's provider takes work again: lift the pause for everyone.
            try await journal.setSharedPause(nil)
            if pauseReason == shared.reason { clearPause() }
        } else if let shared {
            if pauseReason != shared.reason {
                logger.error("submission paused by host \(shared.host): \(shared.reason). Queued work is kept.")
            }
            pausedUntil = shared.until
            pauseReason = shared.reason
            adoptedPause = shared.reason
        } else if let adopted = adoptedPause {
            adoptedPause = nil
            if pauseReason == adopted {
                logger.notice("the other host's pause has lifted; resuming")
                clearPause()
            }
        }
    }

    func clearPause() {
        pausedUntil = nil
        pauseReason = nil
        pausedForBudget = false
        pauseCount = 0
        nudge()
    }

    /// The journal did not answer: keep watching, keep `file` (if any) for later, and say so on `/healthz`.
    func journalUnreachable(deferring file: IncomingFile? = nil) {
        if journalReachable {
            logger.error("the journal is unreachable; detections are kept and work waits until it is back", metadata: ["journal": "\(journal.backendName)"])
        }
        journalReachable = false
        if let file, !deferred.contains(file) { deferred.append(file) }
    }
}
