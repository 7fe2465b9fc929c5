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
    /// Profiles not yet delivered for this path.
    var pending: Set<String>
    /// Pending profiles whose item belongs to another path with the same content: copy its outputs when done.
    var copies: Set<String>
}

extension Pipeline {
    /// Hashes a complete file, journals one item per profile, and queues what is new.
    ///
    /// Content already relit with the same profile is not queued again: its outputs are copied
    /// under this file's name and nothing is charged.
    @discardableResult
    public func accept(_ file: IncomingFile) async -> AcceptReport {
        var log = logger
        log[metadataKey: "file.path"] = "\(file.path)"
        var report = AcceptReport()
        let sha: String
        do {
            sha = try await hash(file.path)
        } catch {
            log.warning("cannot read the file; skipped", metadata: ["error": "\(error)"])
            report.failure = "cannot read the file: \(error.localizedDescription)"
            return report
        }
        var progress = SourceProgress(entry: file.entry, sha256: sha, pending: [], copies: [])
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
                switch try await journal.enqueue(candidate) {
                case .queued(let item):
                    PipelineMetrics.itemQueued()
                    queue.push(item.id!, lane: file.entry.path)
                    progress.pending.insert(name)
                    report.waiting[name] = item.id!
                case .alreadyDone(let item) where !item.outputs.contains(where: FileManager.default.fileExists(atPath:)):
                    // Done before, but every output has since been deleted: relight it again.
                    var again = item
                    again.state = .queued
                    again.sourcePath = file.path
                    again.watchPath = file.entry.path
                    again.attempts = 0
                    try await journal.save(again)
                    queue.push(item.id!, lane: file.entry.path)
                    progress.pending.insert(name)
                    report.waiting[name] = item.id!
                case .alreadyDone(let item):
                    if item.sourcePath != file.path {
                        report.done[name] = await copyOutputs(of: item, to: file.path, entry: file.entry, profile: profile)
                    } else {
                        report.done[name] = item.outputs
                    }
                case .existing(let item):
                    progress.pending.insert(name)
                    if item.sourcePath != file.path { progress.copies.insert(name) }
                    if item.state.isOpen, !running.contains(item.id!) {
                        queue.push(item.id!, lane: item.watchPath, notBefore: item.nextAttemptAt)
                    }
                    report.waiting[name] = item.id!
                }
            } catch {
                log.error("cannot write to the journal; the file will be picked up on the next start", metadata: ["error": "\(error)"])
                report.failure = "cannot write to the journal: \(error)"
                return report
            }
        }
        if progress.pending.isEmpty {
            await dispose(file.path, entry: file.entry)
        } else {
            sources[file.path] = progress
        }
        nudge()
        return report
    }

    func hash(_ path: String) async throws -> String {
        // By the path's real bytes: FileManager cannot reach a name that is not UTF-8.
        let attributes = try PathBytes(path).attributes()
        let size = attributes.size, mtime = attributes.modified
        if let known = try await journal.knownSource(path: path, size: size, mtime: mtime) { return known }
        let sha = try await BlockingIO.run { try ContentHash.sha256(ofFile: path) }
        try await journal.recordSource(path: path, size: size, mtime: mtime, sha256: sha)
        return sha
    }

    /// Puts every open journal item back in the queue: work a crash or stop interrupted.
    func loadOpenItems() async {
        do {
            journalVersion = try await journal.externalChangeCounter()
            for item in try await journal.openItems() where !running.contains(item.id!) {
                queue.push(item.id!, lane: item.watchPath, notBefore: item.state == .paused ? nil : item.nextAttemptAt)
            }
            lastJournalScan = Date()
        } catch {
            logger.error("cannot read the journal", metadata: ["error": "\(error)"])
        }
    }

    /// Picks up items `relight retry` requeued: every few seconds it checks whether another
    /// process wrote to the journal, and only then rereads the open items.
    func scanJournalIfDue() async {
        guard Date().timeIntervalSince(lastJournalScan) >= 3 else { return }
        if let seen = journalVersion, let now = try? await journal.externalChangeCounter(), now == seen {
            lastJournalScan = Date()
            return
        }
        await loadOpenItems()
    }

    /// This process requeued items in the journal (the status page's retry): pick them up now.
    public func journalChanged() {
        journalVersion = nil
        lastJournalScan = .distantPast
        nudge()
    }

    func makeJob(_ id: Int64) async -> ItemJob? {
        guard let item = try? await journal.item(id: id), item.state.isOpen else { return nil }
        guard let profile = profiles.profile(named: item.profile) else {
            await failWithoutRunning(item, reason: "the profile '\(item.profile)' no longer exists; restore it, then run relight retry \(id)")
            return nil
        }
        guard let entry = configuration.watch.first(where: { $0.path == item.watchPath }) ?? extraEntries[item.watchPath] else {
            await failWithoutRunning(item, reason: "\(item.watchPath) is no longer watched; add it back, then run relight retry \(id)")
            return nil
        }
        let model = provider.name == ProviderKind.local.rawValue ? "local" : profile.modelType.rawValue
        let naming = OutputNaming(entry: entry, profile: profile.name, source: item.sourcePath, model: model)
        return ItemJob(item: item, profile: profile, naming: naming, sidecar: entry.sidecar)
    }

    func failWithoutRunning(_ item: JournalItem, reason: String) async {
        var item = item
        item.state = .failed
        item.lastError = reason
        item.finishedAt = Date()
        try? await journal.save(item)
        logger.error("failed", metadata: ["file.path": "\(item.sourcePath)", "profile": "\(item.profile)", "error": "\(reason)"])
        finishedItems.append(.failed(item))
    }

    func finished(_ outcome: ItemOutcome) async {
        let item = outcome.item
        running.remove(item.id!)
        PipelineMetrics.record(outcome)
        switch outcome {
        case .done:
            if pausedUntil != nil {
                logger.notice("provider accepts work again; resuming")
                pausedUntil = nil
                pauseReason = nil
                pauseCount = 0
            }
            await delivered(item)
        case .retryLater(_, let after):
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
            queue.push(item.id!, lane: item.watchPath)
        case .failed:
            break
        }
        if case .retryLater = outcome {} else { finishedItems.append(outcome) }
        nudge()
    }

    /// An item is done: copy its outputs for other paths with the same content, and dispose of
    /// sources whose profiles are all delivered.
    func delivered(_ item: JournalItem) async {
        for (path, var progress) in sources where progress.sha256 == item.sourceSHA256 && progress.pending.contains(item.profile) {
            if progress.copies.contains(item.profile), let profile = profiles.profile(named: item.profile) {
                await copyOutputs(of: item, to: path, entry: progress.entry, profile: profile)
            }
            progress.pending.remove(item.profile)
            progress.copies.remove(item.profile)
            if progress.pending.isEmpty {
                sources[path] = nil
                await dispose(path, entry: progress.entry)
            } else {
                sources[path] = progress
            }
        }
    }

    /// Applies `after:` once every output and sidecar of the source are on disk.
    func dispose(_ path: String, entry: WatchEntry) async {
        guard entry.after != .keep else { return }
        do {
            let now = try SourceDisposition.apply(entry.after, to: path)
            logger.info("source \(entry.after == .delete ? "deleted" : "moved")", metadata: ["file.path": "\(path)", "to": "\(now ?? "-")"])
        } catch {
            logger.error("cannot apply after: \(entry.after)", metadata: ["file.path": "\(path)", "error": "\(error)"])
        }
    }

    /// Copies the outputs of a done item under another source's name: same content, no new charge.
    @discardableResult
    func copyOutputs(of item: JournalItem, to path: String, entry: WatchEntry, profile: LightingProfile) async -> [String] {
        let model = provider.name == ProviderKind.local.rawValue ? "local" : profile.modelType.rawValue
        let naming = OutputNaming(entry: entry, profile: profile.name, source: path, model: model)
        // Reading, writing and fsyncing files: off the actor's thread (which may be the watcher's).
        let withSidecar = entry.sidecar
        let written = (try? await BlockingIO.run {
            Self.copyFiles(of: item, to: path, naming: naming, profile: profile, model: model, sidecar: withSidecar)
        }) ?? []
        logger.info("same content as an earlier file; reused its outputs, no new charge", metadata: [
            "file.path": "\(path)", "profile": "\(profile.name)", "reused.from": "\(item.sourcePath)",
        ])
        return written
    }

    /// The file work of ``copyOutputs(of:to:entry:profile:)``: blocking, so run on ``BlockingIO``.
    nonisolated static func copyFiles(
        of item: JournalItem, to path: String, naming: OutputNaming, profile: LightingProfile, model: String, sidecar: Bool
    ) -> [String] {
        var written: [String] = []
        for (index, output) in item.outputs.enumerated() {
            guard let data = FileManager.default.contents(atPath: output) else { continue }
            let format = OutputFormat(rawValue: (output as NSString).pathExtension.lowercased()) ?? profile.outputFormat
            let name = naming.fileName(index: index + 1, format: format, seed: profile.seed)
            if let path = try? AtomicFile.write(data, folder: naming.folder, name: name) { written.append(path) }
        }
        if sidecar {
            let sidecar = Sidecar(
                source: .init(path: path, sha256: item.sourceSHA256), profile: profile, provider: item.provider, model: model,
                jobID: item.jobID, creditCost: 0, outputs: written.map { ($0 as NSString).lastPathComponent },
                timings: .init(detectedAt: Date(), startedAt: nil, finishedAt: Date(), providerSeconds: 0, writeSeconds: 0),
                reusedFrom: item.sourcePath)
            _ = try? AtomicFile.write(sidecar.encoded(), folder: naming.folder, name: naming.sidecarName)
        }
        return written
    }

    /// Whether the daily credit budget is spent; if so, pauses until midnight.
    func budgetExhausted() async -> Bool {
        let budget = configuration.budget
        guard !budget.isUnlimited, provider.name != ProviderKind.local.rawValue else { return false }
        let startOfDay = Calendar.current.startOfDay(for: Date())
        let spent = (try? await journal.creditsSpent(since: startOfDay)) ?? 0
        guard spent >= budget.creditsPerDay else { return false }
        let tomorrow = Calendar.current.date(byAdding: .day, value: 1, to: startOfDay) ?? Date().addingTimeInterval(3600)
        let reason = "the daily budget of \(budget.creditsPerDay) credits is spent (\(spent) used)"
        if pauseReason != reason { logger.warning("submission paused until midnight: \(reason)") }
        pausedUntil = tomorrow
        pauseReason = reason
        return true
    }
}
