import Foundation
import Logging
import RelightConfig
import Relighting

/// What ``Pipeline/accept(_:)`` did with one file.
public struct AcceptReport: Sendable {
    /// Profiles whose item is queued or under way, with the item's journal id.
    public var waiting: [String: Int64] = [:]
    /// Profiles already delivered (outputs reused, nothing charged), with their output files.
    public var done: [String: [String]] = [:]
    public var unknownProfiles: [String] = []
    /// Why the file could not be taken at all.
    public var failure: String?
}

/// A source file waiting for its profiles.
struct SourceProgress: Sendable {
    var entry: WatchEntry
    var sha256: String
    /// Recorded as seen once the copies owed to this path are made (nil: recorded already).
    var identity: Pipeline.SourceIdentity? = nil
    /// Profiles not yet delivered for this path, and the item each waits on.
    var pending: [String: Int64]
    /// Pending profiles whose item is another's (another path with the same content, or a profile that
    /// differs only in name, so the two share an item): copy its outputs under this one's names when done.
    var copies: Set<String>
}

extension Pipeline {
    /// Hashes a complete file, journals one item per profile, and queues what is new.
    ///
    /// Content already relit with the same profile is not queued again: its outputs are copied
    /// under this file's name and nothing is charged. A catch-up scan's file that the journal has
    /// seen before is never queued again because its profile changed (``acceptSeen(_:sha:log:)``).
    @discardableResult
    public func accept(_ file: IncomingFile) async -> AcceptReport {
        var log = logger
        log[metadataKey: "file.path"] = "\(file.path)"
        var report = AcceptReport()
        // The shared journal is down: keep the file for when it is back, without a query that would time out.
        if journal.isShared, !journalReachable {
            journalUnreachable(deferring: file)
            report.failure = "the journal is unreachable; the file is kept until it is back"
            return report
        }
        let identity: SourceIdentity
        do {
            identity = try await identify(file.path)
        } catch let error as JournalUnreachableError where journal.isShared {
            log.error("cannot read the journal; the file waits until the journal is back", metadata: ["error": "\(error)"])
            journalUnreachable(deferring: file)
            report.failure = "\(error)"
            return report
        } catch {
            log.warning("cannot read the file; skipped", metadata: ["error": "\(error)"])
            report.failure = "cannot read the file: \(error.localizedDescription)"
            return report
        }
        let sha = identity.sha256
        if file.isCatchUp, !file.force, identity.seen {
            return await acceptSeen(file, sha: sha, log: log)
        }
        var progress = SourceProgress(entry: file.entry, sha256: sha, pending: [:], copies: [])
        var copyFailed = false
        // Items of another path this file waits on for copies of their outputs.
        var owed: [Int64] = []
        for name in file.profiles {
            guard let profile = profiles.profile(named: name) else {
                log.warning("no profile named \(name); skipped", metadata: ["profile": "\(name)"])
                report.unknownProfiles.append(name)
                continue
            }
            let candidate = JournalItem(
                sourceSHA256: sha, profile: name, fingerprint: profile.fingerprint, sourcePath: file.path,
                watchPath: file.entry.path, provider: provider.name)
            do {
                let outcome = try await journal.enqueue(candidate)
                var relightAgain = file.force
                if case .alreadyDone(let item) = outcome, !relightAgain { relightAgain = !(await outputsIntact(item)) }
                switch outcome {
                case .queued(let item):
                    PipelineMetrics.itemQueued()
                    queue.push(item.id!, lane: file.entry.path)
                    progress.pending[name] = item.id!
                    report.waiting[name] = item.id!
                case .alreadyDone(let item) where relightAgain:
                    // Asked to relight regardless, or an earlier output is gone or damaged: relight it again.
                    var again = item
                    again.state = .queued
                    again.sourcePath = file.path
                    again.watchPath = file.entry.path
                    again.attempts = 0
                    again.queuedAt = Date()
                    try await journal.save(again)
                    PipelineMetrics.itemQueued()
                    queue.push(item.id!, lane: file.entry.path)
                    progress.pending[name] = item.id!
                    if item.profile != name {
                        progress.copies.insert(name)
                        owed.append(item.id!)
                    }
                    report.waiting[name] = item.id!
                case .alreadyDone(let item):
                    let folder = naming(for: profile, entry: file.entry, source: file.path).folder
                    let inFolder = item.outputs.allSatisfy { ($0 as NSString).deletingLastPathComponent == folder }
                    if item.sourcePath != file.path || item.profile != name || (file.wantsOutputsInItsFolder && !inFolder) {
                        guard let copied = await copyOutputs(of: item, to: file.path, entry: file.entry, profile: profile) else {
                            copyFailed = true
                            continue
                        }
                        report.done[name] = copied
                    } else {
                        report.done[name] = item.outputs
                    }
                case .existing(let item):
                    if file.force || file.retriesFailed, item.state == .failed {
                        try await journal.retry(ids: [item.id!])
                        queue.push(item.id!, lane: file.entry.path)
                    } else if item.state.isOpen, !running.contains(item.id!) {
                        var notBefore = item.nextAttemptAt
                        if file.retriesFailed, notBefore != nil {
                            // A run asked for again goes now, not after the backoff of its last attempt.
                            var now = item
                            now.nextAttemptAt = nil
                            try await journal.save(now)
                            notBefore = nil
                        }
                        queue.push(item.id!, lane: item.watchPath, notBefore: notBefore)
                    }
                    progress.pending[name] = item.id!
                    if item.sourcePath != file.path || item.profile != name {
                        progress.copies.insert(name)
                        owed.append(item.id!)
                    }
                    report.waiting[name] = item.id!
                }
            } catch {
                if journal.isShared {
                    // Kept, not lost: accepted again as soon as the journal answers (see keepHeartbeat()).
                    log.error("cannot write to the journal; the file waits until the journal is back", metadata: ["error": "\(error)"])
                    journalUnreachable(deferring: file)
                } else {
                    log.error("cannot write to the journal; the file will be picked up on the next start", metadata: ["error": "\(error)"])
                }
                report.failure = "cannot write to the journal: \(error)"
                return report
            }
        }
        // Seen once every item is journaled and no copy is owed to this path: a crash before this
        // line leaves the file unseen, so the next start-up scan takes it again.
        if copyFailed {
            report.failure = "cannot copy the outputs of an earlier file with the same content"
            return report
        }
        if progress.copies.isEmpty { await remember(file.path, identity) } else { progress.identity = identity }
        await wait(for: progress, path: file.path)
        // An item can finish while this file is being journaled (or on another host): its delivery has
        // then passed without this file, which would wait for it until the next start. Deliver it now.
        for id in owed {
            if let now = try? await journal.item(id: id), now.state == .done, !running.contains(id) { await delivered(now) }
        }
        return report
    }

    /// Disposes of a source whose profiles are all delivered, or keeps it waiting for them.
    func wait(for progress: SourceProgress, path: String) async {
        if progress.pending.isEmpty {
            // A later event for the same file found everything delivered: an earlier wait is over too.
            sources[path] = nil
            await dispose(path, entry: progress.entry, sha256: progress.sha256)
        } else {
            sources[path] = progress
        }
        nudge()
    }

    /// A file the journal has seen before, found again by a catch-up scan: nothing is queued or
    /// charged. Its open items (journaled before a stop) keep it waiting for `after:`; profiles
    /// changed or added since it was seen are not applied to it.
    func acceptSeen(_ file: IncomingFile, sha: String, log: Logger) async -> AcceptReport {
        var report = AcceptReport()
        var progress = SourceProgress(entry: file.entry, sha256: sha, pending: [:], copies: [])
        let items = (try? await journal.items(sha256: sha)) ?? []
        for name in file.profiles {
            let mine = items.filter { $0.profile == name && $0.sourcePath == file.path }
            let current = profiles.profile(named: name)?.fingerprint
            if let open = mine.last(where: \.state.isOpen) {
                progress.pending[name] = open.id!
                report.waiting[name] = open.id!
                if !running.contains(open.id!) { queue.push(open.id!, lane: open.watchPath, notBefore: open.nextAttemptAt) }
            } else if let done = mine.last(where: { $0.state == .done }) {
                report.done[name] = done.outputs
                if done.fingerprint != current { await announceNotRelit(file.path, profile: name, added: false, log: log) }
            } else if mine.isEmpty {
                // No item of its own may still mean done: it got copies of another path's outputs
                // for the same content. Only a profile that never ran on this content was added since.
                // (A profile that differs from another only in name shares its items: same fingerprint.)
                let others = items.filter { $0.profile == name || $0.fingerprint == current }
                if others.isEmpty {
                    await announceNotRelit(file.path, profile: name, added: true, log: log)
                } else if !others.contains(where: { $0.fingerprint == current }) {
                    await announceNotRelit(file.path, profile: name, added: false, log: log)
                }
            }
        }
        await wait(for: progress, path: file.path)
        return report
    }

    /// Says once per profile (and per file at debug level) that photos seen before are left as they are.
    func announceNotRelit(_ path: String, profile: String, added: Bool, log: Logger) async {
        let why = added ? "added to its folder after it was seen" : "changed after it was relit"
        log.debug("seen before; not relit again: profile \(profile) was \(why)", metadata: ["profile": "\(profile)"])
        guard announcedProfiles.insert(profile).inserted else { return }
        let action = added
            ? "to relight them with it, drop them in again or use relight run"
            : "to relight them with the new version on purpose: relight redo --profile \(profile)"
        logger.notice(
            "photos seen before are not relit again with \(profile), which was \(added ? "added" : "changed") since; \(action)",
            metadata: ["profile": "\(profile)"])
    }

    /// A source's content hash, and whether the journal has seen this path with it before.
    struct SourceIdentity: Sendable {
        var sha256: String
        var size: Int64
        var mtime: Double
        var seen: Bool
    }

    func identify(_ path: String) async throws -> SourceIdentity {
        // By the path's real bytes: FileManager cannot reach a name that is not UTF-8.
        let attributes = try PathBytes(path).attributes()
        let size = attributes.size, mtime = attributes.modified
        if let known = try await journal.knownSource(path: path, size: size, mtime: mtime) {
            return SourceIdentity(sha256: known, size: size, mtime: mtime, seen: true)
        }
        let sha = try await BlockingIO.run { try ContentHash.sha256(ofFile: path) }
        let seen = try await journal.hasSeenSource(path: path, sha256: sha)
        return SourceIdentity(sha256: sha, size: size, mtime: mtime, seen: seen)
    }

    /// Records the file as seen by the journal (and its hash for the next start-up).
    func remember(_ path: String, _ identity: SourceIdentity) async {
        do {
            try await journal.recordSource(path: path, size: identity.size, mtime: identity.mtime, sha256: identity.sha256)
        } catch {
            logger.warning("cannot record the file in the journal", metadata: ["file.path": "\(path)", "error": "\(error)"])
        }
    }

    /// Whether every output of a done item is still on disk and decodes.
    func outputsIntact(_ item: JournalItem) async -> Bool {
        let outputs = item.outputs
        guard !outputs.isEmpty else { return false }
        return (try? await BlockingIO.run { outputs.allSatisfy(OutputCheck.isIntact) }) ?? false
    }

    /// Output names for one source and profile (`{model}` is `local` for the embedded engine).
    func naming(for profile: LightingProfile, entry: WatchEntry, source: String) -> OutputNaming {
        let model = provider.name == ProviderKind.local.rawValue ? "local" : profile.modelType.rawValue
        return OutputNaming(entry: entry, profile: profile.name, source: source, model: model)
    }

    /// Puts every open journal item back in the queue: work a crash or stop interrupted.
    func loadOpenItems() async {
        do {
            journalVersion = try await journal.externalChangeCounter()
            let served = Set(servedPaths)
            for item in try await journal.openItems() where !running.contains(item.id!) {
                // Take only what this process serves: a shared journal holds other hosts' folders, and any
                // journal a `relight run`'s (its items are in folders the daemon does not watch, and the run
                // is working on them). An item of a folder that left relight.yaml waits for it to come back.
                if !served.contains(item.watchPath) { continue }
                queue.push(item.id!, lane: item.watchPath, notBefore: item.state == .paused ? nil : item.nextAttemptAt)
            }
        } catch {
            logger.error("cannot read the journal", metadata: ["error": "\(error)"])
        }
    }

    /// Picks up items `relight retry` requeued: once the journal's files were written, it checks
    /// whether another process committed, and only then rereads the open items.
    func scanJournalIfDue() async {
        guard journalTouched else { return }
        journalTouched = false
        if let seen = journalVersion, let now = try? await journal.externalChangeCounter(), now == seen { return }
        await loadOpenItems()
    }

    /// This process requeued items in the journal (the status page's retry): pick them up now.
    public func journalChanged() {
        journalVersion = nil
        journalTouched = true
        nudge()
    }

    /// Claims item `id` (a lease in a shared journal) and makes its job; nil when it is not this host's to run.
    func makeJob(_ id: Int64) async -> ItemJob? {
        let claim: Journal.Claim
        do {
            claim = try await journal.claim(id: id, lease: lease())
        } catch {
            // Only a shared journal fails this way (SQLite's claim is a read); its heartbeat says when it is back.
            if journal.isShared {
                journalUnreachable()
                queue.push(id, lane: "", notBefore: Date().addingTimeInterval(2))
            }
            return nil
        }
        switch claim {
        case .claimed(let item): return await makeJob(item)
        case .unavailable: return nil
        case .overBudget(let spent):
            pauseForBudget(spent: spent)
            if let item = try? await journal.item(id: id) { queue.push(id, lane: item.watchPath) }
            return nil
        }
    }

    /// The job for an item this host has claimed; nil (the item failed) when its profile or folder is gone.
    func makeJob(_ item: JournalItem) async -> ItemJob? {
        let id = item.id!
        guard let profile = profiles.profile(named: item.profile) else {
            await failWithoutRunning(item, reason: "the profile '\(item.profile)' no longer exists; restore it, then run relight retry \(id)")
            return nil
        }
        guard let entry = configuration.watch.first(where: { $0.path == item.watchPath }) ?? extraEntries[item.watchPath] else {
            await failWithoutRunning(
                item, reason: "\(item.watchPath) is not a watched folder (the photo came from relight run, or the folder left relight.yaml): "
                    + "run relight run on it again, or add the folder back and run relight retry \(id)")
            return nil
        }
        // (A submitted job is resumed regardless: its result is of the content that was uploaded, as its sidecar says.)
        if item.jobID == nil, await sourceChanged(item) {
            await failWithoutRunning(
                item, reason: "\(PathBytes.display(item.sourcePath)) has changed since this was queued: its new content is relit as a photo "
                    + "of its own, so there is nothing to retry here")
            return nil
        }
        let naming = naming(for: profile, entry: entry, source: item.sourcePath)
        return ItemJob(item: item, profile: profile, naming: naming, sidecar: entry.sidecar, fromRun: entry.isRun)
    }

    /// Whether the item's source now holds other content than the item is for (replaced after a
    /// failure, say): relighting it would record the new pixels under the old content's hash. Known
    /// sizes and times answer without reading the file; a missing file is the provider's to report.
    func sourceChanged(_ item: JournalItem) async -> Bool {
        guard let attributes = try? PathBytes(item.sourcePath).attributes() else { return false }
        if let known = try? await journal.knownSource(path: item.sourcePath, size: attributes.size, mtime: attributes.modified) {
            return known != item.sourceSHA256
        }
        let path = item.sourcePath
        guard let sha = try? await BlockingIO.run({ try ContentHash.sha256(ofFile: path) }) else { return false }
        return sha != item.sourceSHA256
    }

    func failWithoutRunning(_ item: JournalItem, reason: String) async {
        var item = item
        item.state = .failed
        item.lastError = reason
        item.finishedAt = Date()
        try? await journal.save(item)
        if journal.isShared { try? await journal.release(item, host: settings.host) }
        logger.error("failed", metadata: ["file.path": "\(item.sourcePath)", "profile": "\(item.profile)", "error": "\(reason)"])
        record(.failed(item))
    }

    func finished(_ outcome: ItemOutcome) async {
        let item = outcome.item
        // The item counts as running until its outputs are copied for other paths and its sources
        // disposed of: a stop drains until then, so a copy is never cut off half way.
        defer {
            running.remove(item.id!)
            reservedCredits[item.id!] = nil
            nudge()
        }
        if journal.isShared { try? await journal.release(item, host: settings.host) }
        PipelineMetrics.record(outcome)
        switch outcome {
        case .done:
            // A job that was in flight when the budget ran out says nothing about the budget.
            if pausedUntil != nil, !pausedForBudget {
                logger.notice("provider accepts work again; resuming")
                pausedUntil = nil
                pauseReason = nil
                pauseCount = 0
            }
            await delivered(item)
        case .retryLater(_, let after), .blocked(_, _, let after):
            if !stopping {
                queue.push(item.id!, lane: item.watchPath, notBefore: Date().addingTimeInterval(Double(after.components.seconds)))
            }
        case .paused(_, let reason, let retryAfter):
            pauseCount += 1
            let wait = retryAfter ?? .seconds(min(300, 5 << min(pauseCount, 6)))
            pausedUntil = Date().addingTimeInterval(Double(wait.components.seconds))
            if pauseReason != reason {
                logger.error("submission paused: \(reason). Queued work is kept.")
            }
            pauseReason = reason
            pausedForBudget = false
            queue.push(item.id!, lane: item.watchPath)
        case .failed:
            break
        }
        if case .retryLater = outcome {} else { record(outcome) }
    }

    /// An item is done: copy its outputs for other paths with the same content, and dispose of
    /// sources whose profiles are all delivered.
    func delivered(_ item: JournalItem) async {
        for (path, var progress) in sources where progress.sha256 == item.sourceSHA256 {
            let names = progress.pending.filter { $0.value == item.id }.keys.sorted()
            guard !names.isEmpty else { continue }
            var copied = true
            for name in names {
                if progress.copies.contains(name), let profile = profiles.profile(named: name) {
                    guard let outputs = await copyOutputs(of: item, to: path, entry: progress.entry, profile: profile) else {
                        copied = false
                        break
                    }
                    if settings.keepsOutcomes { copiedOutputs[CopyKey(path: path, profile: name)] = outputs }
                }
                progress.pending[name] = nil
                progress.copies.remove(name)
            }
            guard copied else {
                // Left unseen and where it is: the next start-up scan copies the outputs again.
                sources[path] = nil
                continue
            }
            if progress.pending.isEmpty {
                sources[path] = nil
                if let identity = progress.identity { await remember(path, identity) }
                await dispose(path, entry: progress.entry, sha256: progress.sha256)
            } else {
                sources[path] = progress
            }
        }
    }

    /// Applies `after:` once every output and sidecar of the source are on disk, to the bytes that were relit
    /// (`sha256`) only: a new photo copied over the same name while the old one was in flight is not done, and
    /// deleting or moving it would lose it. It stays, and is relit as the new photo it is.
    func dispose(_ path: String, entry: WatchEntry, sha256: String) async {
        guard entry.after != .keep else { return }
        // As the file was identified when it came in: the journal's hash while its size and mtime are unchanged,
        // hashed again only when they changed.
        let current = try? await identify(path).sha256
        guard current == sha256 else {
            if current != nil {
                logger.warning(
                    "the source changed since it was relit, so after: \(entry.after) is not applied to it; the new content is relit on its own",
                    metadata: ["file.path": "\(path)"])
            }
            return
        }
        do {
            let now = try SourceDisposition.apply(entry.after, to: path, under: entry.path)
            logger.info("source \(entry.after == .delete ? "deleted" : "moved")", metadata: ["file.path": "\(path)", "to": "\(now ?? "-")"])
        } catch {
            logger.error("cannot apply after: \(entry.after)", metadata: ["file.path": "\(path)", "error": "\(error)"])
        }
    }

    /// Copies the outputs of a done item under another source's name: same content, no new charge.
    /// Nil when not every output could be copied (a full disk, a read-only folder, a removed output).
    @discardableResult
    func copyOutputs(of item: JournalItem, to path: String, entry: WatchEntry, profile: LightingProfile) async -> [String]? {
        let naming = naming(for: profile, entry: entry, source: path)
        let model = naming.model
        // Reading, writing and fsyncing files: off the actor's thread (which may be the watcher's).
        let withSidecar = entry.sidecar
        // One copy per path at a time: two events for one file (or an event and the item finishing) would
        // otherwise both find the target missing and write a second set as ` (2)`. The later one finds the
        // first one's files and reuses them.
        if !copyLock.tryAcquire(path) { await withCheckedContinuation { copyLock.wait(for: path, $0) } }
        let written = try? await BlockingIO.run {
            Self.copyFiles(of: item, to: path, naming: naming, profile: profile, model: model, sidecar: withSidecar)
        }
        copyLock.release(path)
        guard let written, written.outputs.count == item.outputs.count, written.sidecar else {
            // Not recorded as seen, and `after:` is not applied: the next start-up scan takes the file again.
            logger.error("cannot copy the outputs of an earlier file with the same content; the file is taken again on the next start", metadata: [
                "file.path": "\(path)", "profile": "\(profile.name)", "reused.from": "\(item.sourcePath)",
                "copied": "\(written?.outputs.count ?? 0) of \(item.outputs.count)", "sidecar": "\(written?.sidecar == true ? "written" : "not written")",
            ])
            return nil
        }
        logger.info("same content as an earlier file; reused its outputs, no new charge", metadata: [
            "file.path": "\(path)", "profile": "\(profile.name)", "reused.from": "\(item.sourcePath)",
        ])
        return written.outputs
    }

    /// The file work of ``copyOutputs(of:to:entry:profile:)``: blocking, so run on ``BlockingIO``. `sidecar` in the
    /// answer is false when one was due and could not be written (a full disk): the copy is then not done, and
    /// `after:` must not be applied.
    nonisolated static func copyFiles(
        of item: JournalItem, to path: String, naming: OutputNaming, profile: LightingProfile, model: String, sidecar: Bool
    ) -> (outputs: [String], sidecar: Bool) {
        var written: [String] = []
        var reusedAll = true
        for (index, output) in item.outputs.enumerated() {
            guard let data = FileManager.default.contents(atPath: output) else { continue }
            let format = OutputFormat(rawValue: (output as NSString).pathExtension.lowercased()) ?? profile.outputFormat
            let name = naming.fileName(index: index + 1, format: format, seed: profile.seed)
            // A copy made before (the same `relight run` twice) is already there: no ` (2)` beside it.
            let target = (naming.folder as NSString).appendingPathComponent(name)
            if OutputCheck.holds(target, data) {
                written.append(target)
                continue
            }
            reusedAll = false
            if let path = try? AtomicFile.write(data, folder: naming.folder, name: name) { written.append(path) }
        }
        let sidecarPath = (naming.folder as NSString).appendingPathComponent(naming.sidecarName)
        if sidecar, !(reusedAll && FileManager.default.fileExists(atPath: sidecarPath)) {
            let sidecar = Sidecar(
                source: .init(path: path, sha256: item.sourceSHA256), profile: profile, provider: item.provider, model: model,
                jobID: item.jobID, creditCost: 0, outputs: written.map { ($0 as NSString).lastPathComponent },
                timings: .init(detectedAt: Date(), startedAt: nil, finishedAt: Date(), providerSeconds: 0, writeSeconds: 0),
                reusedFrom: item.sourcePath)
            guard (try? AtomicFile.write(sidecar.encoded(), folder: naming.folder, name: naming.sidecarName)) != nil else {
                return (written, false)
            }
        }
        return (written, true)
    }

    /// Whether the daily credit budget is spent; if so, pauses until midnight.
    func budgetExhausted() async -> Bool {
        let budget = configuration.budget
        guard !budget.isUnlimited, provider.name != ProviderKind.local.rawValue else { return false }
        let startOfDay = Calendar.current.startOfDay(for: Date())
        let spent = (try? await journal.creditsSpent(since: startOfDay)) ?? 0
        guard spent >= budget.creditsPerDay else { return false }
        pauseForBudget(spent: spent)
        return true
    }

    /// The credits `job` may cost when it starts now: nothing for a job the service already has, or locally.
    func expectedCost(_ job: ItemJob) -> Double {
        guard job.item.jobID == nil, !configuration.budget.isUnlimited, provider.name != ProviderKind.local.rawValue else { return 0 }
        return job.estimatedCredits
    }

    /// Whether `job` may start within the daily budget (SPEC: no job is submitted that would exceed
    /// it), counting what the running items set aside until they have submitted. Over the budget with
    /// what is spent: paused until midnight. Over only with what is in flight: it waits until one of
    /// those finishes (a failed one spends nothing). A shared journal sets credits aside in its claim.
    func budgetAllows(_ job: ItemJob) async -> Bool {
        let cost = expectedCost(job)
        guard cost > 0, !journal.isShared else { return true }
        let journal = journal, startOfDay = Calendar.current.startOfDay(for: Date())
        let verdict = await Self.budgetVerdict(
            cost: cost, creditsPerDay: configuration.budget.creditsPerDay, reserved: reservedCredits,
            submitted: { id in (try? await journal.item(id: id))?.jobID != nil },
            spent: { (try? await journal.creditsSpent(since: startOfDay)) ?? 0 })
        switch verdict {
        case .allowed: return true
        case .waitForRunning: return false
        case .spent(let spent):
            pauseForBudget(spent: spent)
            return false
        }
    }

    enum BudgetVerdict: Equatable {
        case allowed
        /// Over the budget only with what the running items set aside: wait until one finishes.
        case waitForRunning
        /// Over the budget with what is spent today.
        case spent(Double)
    }

    /// The budget check on its own. An item that submits between two reads moves its credits from
    /// "set aside" to "spent", so which is read first matters: the running items are read first and
    /// the spent credits after, so such an item is counted twice (the check waits for it to finish)
    /// and never not at all (which let a third job through a budget of two).
    static func budgetVerdict(
        cost: Double, creditsPerDay: Double, reserved: [Int64: Double],
        submitted: (Int64) async -> Bool, spent: () async -> Double
    ) async -> BudgetVerdict {
        var inFlight = 0.0
        // In id order, so that the tests' interleavings are repeatable.
        for (id, credits) in reserved.sorted(by: { $0.key < $1.key }) where !(await submitted(id)) {
            inFlight += credits
        }
        let spent = await spent()
        if spent + cost > creditsPerDay { return .spent(spent) }
        return spent + inFlight + cost <= creditsPerDay ? .allowed : .waitForRunning
    }

    /// Pauses submission until midnight: the daily budget is spent (or, in a shared journal, set aside by other hosts).
    func pauseForBudget(spent: Double) {
        let budget = configuration.budget
        let startOfDay = Calendar.current.startOfDay(for: Date())
        let tomorrow = Calendar.current.date(byAdding: .day, value: 1, to: startOfDay) ?? Date().addingTimeInterval(3600)
        let reason = "the daily budget of \(CreditEstimate.format(budget.creditsPerDay)) credits is spent (\(CreditEstimate.format(spent)) used)"
        if pauseReason != reason { logger.warning("submission paused until midnight: \(reason)") }
        pausedUntil = tomorrow
        pauseReason = reason
        pausedForBudget = true
    }
}
