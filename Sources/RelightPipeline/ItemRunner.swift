import Foundation
import Logging
import RelightConfig
import Relighting

/// Runs one item through a provider and writes its outputs, journaling every step first.
public struct ItemRunner: Sendable {
    public let journal: Journal
    public let provider: any RelightProvider
    public let redactor: SecretRedactor
    public let maxAttempts: Int
    public let logger: Logger
    /// Output-folder problems (a full disk, no permission) are logged once per folder, then summarised.
    let limiter = LogLimiter()
    /// How long to wait before writing again after an output-folder error.
    public var writeRetryDelay: Duration = .seconds(10)
    /// How long a paid job the cloud API cannot be reached for waits before it is polled again
    /// (after the provider's own retries of the poll).
    public var outageRetryDelay: Duration = .seconds(30)
    /// Items that run but are held back by the provider (out of credits): waiting, not moving.
    public let held = HeldItems()

    public init(journal: Journal, provider: any RelightProvider, redactor: SecretRedactor, maxAttempts: Int = 5, logger: Logger) {
        self.journal = journal
        self.provider = provider
        self.redactor = redactor
        self.maxAttempts = maxAttempts
        self.logger = logger
    }

    public func run(_ job: ItemJob) async -> ItemOutcome {
        defer { held.remove(job.item.id ?? -1) }
        var item = job.item
        var log = logger
        log[metadataKey: "file.path"] = "\(item.sourcePath)"
        log[metadataKey: "profile"] = "\(item.profile)"
        let request = RelightRequest(sourcePath: item.sourcePath, sourceSHA256: item.sourceSHA256, profile: job.profile)
        let started = Date()
        do {
            // The state stays as it is until the provider says what it is doing (see events(for:log:)).
            item.attempts += 1
            item.startedAt = started
            try await journal.save(item)
            let result: RelightResult
            // Any item with a job id was submitted: resume it by its id, never submit it again.
            if let jobID = item.jobID {
                log.info("resuming the job submitted earlier (it is not submitted again)", metadata: ["job.id": "\(jobID)"])
                result = try await provider.resume(jobID: jobID, request: request, events: events(for: item, estimate: job.estimatedCredits, log: log))
            } else {
                result = try await provider.relight(request, events: events(for: item, estimate: job.estimatedCredits, log: log))
            }
            let providerSeconds = Date().timeIntervalSince(started)
            PipelineMetrics.record(.provider, seconds: providerSeconds)
            if let fresh = try await reread(item) { item = fresh }
            item.jobID = result.jobID ?? item.jobID
            item.credits = max(item.credits, result.creditCost)
            try await write(result, job: job, item: &item, providerSeconds: providerSeconds)
            // Written and journaled: what the provider kept against a crash before this point can go.
            if let jobID = result.jobID { await provider.jobFinished(jobID: jobID) }
            await UploadJanitor(journal: journal, provider: provider, logger: log).deleteUploads(ofItem: item.id)
            log.info("relit", metadata: ["outputs": "\(item.outputs.count)", "seconds": "\(String(format: "%.2f", Date().timeIntervalSince(started)))"])
            return .done(item)
        } catch {
            return await handle(error, item: item, job: job, log: log)
        }
    }

    /// Journals provider progress as it happens: above all the job id, before anything else can fail.
    ///
    /// A job id that cannot be journaled (a full disk, a locked database) throws, which stops the
    /// item: a job running on unrecorded would be submitted again after a crash.
    /// `estimate` is what a submitted job counts as spending today when the API's answer leaves out its
    /// creditCost: counted as nothing, it would let the daily budget be overspent until the job finished.
    private func events(for item: JournalItem, estimate: Double, log: Logger) -> RelightEvents {
        let journal = self.journal
        let held = self.held
        let id = item.id ?? -1
        let token = item.leaseToken
        return { event in
            switch event {
            case .held: held.insert(id)
            default: held.remove(id)
            }
            switch event {
            case .uploadStarted(let upload):
                // Before the upload: a crash from here on leaves an object the next start can delete.
                // An upload the journal cannot record does not happen: nothing could delete it.
                do { try await journal.recordUpload(upload, itemID: id) } catch {
                    throw UnrecordedUploadError(cause: error)
                }
                return
            case .uploadDeleted(let key):
                try? await journal.markUploadDeleted(key: key)
                return
            default:
                break
            }
            if case .submitted(let jobID, let credits) = event {
                // A shared journal that is down for a while: the job runs on at the provider, so
                // keep its id and record it once the journal answers, rather than give it up.
                let patience = Date().addingTimeInterval(Self.unreachablePatience)
                while true {
                    do {
                        guard var current = try await journal.item(id: id) else { throw JournalError.missingItem(id) }
                        current.leaseToken = token
                        current.state = .submitted
                        current.jobID = jobID
                        current.credits = credits ?? max(current.credits, estimate)
                        current.submittedAt = Date()
                        try await journal.save(current)
                        break
                    } catch is JournalUnreachableError where Date() < patience && !Task.isCancelled {
                        log.warning("the journal is unreachable; keeping the job id until it answers", metadata: ["job.id": "\(jobID)"])
                        try? await Task.sleep(for: .seconds(2))
                    } catch let error as LeaseLostError {
                        // Another host holds the item now: it must not learn of this job from us,
                        // and this host writes nothing more for the item.
                        log.error("submitted after losing the item's lease; the other host may submit again", metadata: ["job.id": "\(jobID)"])
                        throw error
                    } catch {
                        throw UnrecordedJobError(jobID: jobID, cause: error)
                    }
                }
                log.info("submitted", metadata: ["job.id": "\(jobID)"])
                return
            }
            guard var current = try? await journal.item(id: id) else { return }
            current.leaseToken = token
            switch event {
            case .uploadStarted, .uploadDeleted: return
            case .held: current.state = .paused
            case .uploading: current.state = .uploading
            case .processing:
                // A cloud job is `submitted` while it runs; the local engine has no job.
                guard current.jobID == nil else { return }
                current.state = .relighting
            case .downloading: current.state = .downloading
            case .submitted: return
            }
            try? await journal.save(current)
        }
    }

    /// Plans output and sidecar names (journaled, so a rerun after a crash knows they are ours and
    /// writes over them instead of beside them), writes every output, then the sidecar.
    private func write(_ result: RelightResult, job: ItemJob, item: inout JournalItem, providerSeconds: Double) async throws {
        let writeStart = Date()
        let folder = job.naming.folder
        let ours = Set(item.outputs + (item.sidecar.map { [$0] } ?? []))
        var planned: [String] = []
        for image in result.images {
            let name = job.naming.fileName(index: image.index, format: image.format, seed: image.seed)
            planned.append(Self.freeName(name, in: folder, ours: ours.union(planned), data: image.data))
        }
        let plannedSidecar = job.sidecar ? Self.freeName(job.naming.sidecarName, in: folder, ours: ours.union(planned)) : nil
        item.state = .writing
        item.outputs = planned
        item.sidecar = plannedSidecar
        try await journal.save(item)
        var written: [String] = []
        for (image, path) in zip(result.images, planned) {
            let replaceable = Self.replaceable(path, data: image.data, ours: ours)
            written.append(try AtomicFile.write(image.data, folder: folder, name: (path as NSString).lastPathComponent, replacing: replaceable))
        }
        item.outputs = written
        if let plannedSidecar {
            // A job resumed after a restart: the provider no longer knows what it uploaded; the journal does.
            var uploaded = result.uploadedBytes
            if uploaded == nil, result.jobID != nil, let id = item.id, let size = try? await journal.lastUploadSize(itemID: id) {
                uploaded = Int(size)
            }
            let sidecar = Sidecar(
                source: .init(path: item.sourcePath, sha256: item.sourceSHA256, format: result.sourceFormat, decoder: result.decoder), profile: job.profile, provider: provider.name,
                model: result.model, jobID: result.jobID, creditCost: result.creditCost,
                outputs: written.map { ($0 as NSString).lastPathComponent },
                timings: .init(
                    detectedAt: item.detectedAt, startedAt: item.startedAt, finishedAt: Date(), providerSeconds: providerSeconds,
                    writeSeconds: Date().timeIntervalSince(writeStart)),
                deliver: result.delivered, uploadedBytes: uploaded)
            item.sidecar = try AtomicFile.write(
                sidecar.encoded(), folder: folder, name: (plannedSidecar as NSString).lastPathComponent, replacing: ours)
        }
        unlink((folder as NSString).appendingPathComponent(job.naming.errorName))
        item.state = .done
        item.finishedAt = Date()
        PipelineMetrics.record(.write, from: writeStart, to: item.finishedAt)
        item.lastError = nil
        item.nextAttemptAt = nil
        try await journal.save(item)
    }

    /// The names an output planned at `path` may write over: ours (journaled by an earlier run of this item),
    /// and `path` itself when it already holds these bytes. A name that was merely free when it was planned may
    /// have been taken since by another item writing into the same folder (several profiles under one naming,
    /// two sources with one stem): that paid output is not written over, this one takes a ` (N)` name.
    static func replaceable(_ path: String, data: Data, ours: Set<String>) -> Set<String> {
        ours.contains(path) || OutputCheck.holds(path, data) ? ours.union([path]) : ours
    }

    /// `name`, or the first ` (N)` variant that no foreign file holds. A file that already holds
    /// exactly `data` (the same relight written before) is taken as it is, not copied beside.
    static func freeName(_ name: String, in folder: String, ours: Set<String>, data: Data? = nil) -> String {
        var attempt = 1
        while true {
            let candidate = (folder as NSString).appendingPathComponent(attempt == 1 ? name : AtomicFile.suffixed(name, attempt))
            if ours.contains(candidate) || !FileManager.default.fileExists(atPath: candidate) { return candidate }
            if let data, OutputCheck.holds(candidate, data) { return candidate }
            attempt += 1
        }
    }

    private func handle(_ error: any Error, item original: JournalItem, job: ItemJob, log: Logger) async -> ItemOutcome {
        // Stopping: leave the journal as it is. A submitted job keeps its id and is resumed on the next start.
        if error is CancellationError || Task.isCancelled {
            return .retryLater(original, after: .zero)
        }
        if let lost = error as? LeaseLostError {
            // The fence: the lease lapsed (a frozen or cut-off host) and another host took the
            // item over. Nothing more is written for it here, neither outputs nor journal rows.
            log.warning("\(lost)")
            return .retryLater(original, after: .zero)
        }
        if let unrecorded = error as? UnrecordedJobError {
            return await stop(original, unrecorded, job: job, log: log)
        }
        // The journal does not answer: leave the item as the journal has it, with the job id the
        // provider's events recorded (this copy may predate it). Saving this copy once the journal
        // is back could clear that id, and the item would be submitted, and charged, again.
        let fresh: JournalItem?
        do { fresh = try await reread(original) } catch {
            log.warning("the journal is unreachable; the item is taken up again once it answers", metadata: ["error": "\(redactor.redact(String(describing: error)))"])
            return .retryLater(original, after: Self.unreachableRetry)
        }
        var item = fresh ?? original
        item.attempts = max(item.attempts, original.attempts)
        let message = redactor.redact(String(describing: error))
        item.lastError = message
        // A full disk or a missing permission is the operator's to fix: keep retrying without using up
        // attempts, leave the source alone, and say so once per folder rather than once per item.
        if let writeError = error as? AtomicFile.WriteError {
            item.attempts = max(0, item.attempts - 1)
            item.state = item.jobID != nil ? .submitted : .queued
            item.nextAttemptAt = Date().addingTimeInterval(Double(writeRetryDelay.components.seconds))
            try? await journal.save(item)
            let key = "write:\(writeError.errno):\(job.naming.folder)"
            let (shouldLog, suppressed) = limiter.check(key)
            if shouldLog {
                let more = suppressed > 0 ? " (\(suppressed) more like this since the last report)" : ""
                log.error("\(message); the source is untouched and relight keeps retrying\(more)")
            }
            return .blocked(item, reason: message, after: writeRetryDelay)
        }
        let failure = error as? any ProviderFailure
        let disposition = failure?.disposition ?? .retry(after: nil)
        if let jobID = item.jobID, failure?.isOutage == true, case .retry(let after) = disposition {
            // A paid job the network or the service cannot reach for now waits the outage out, however
            // long: attempts are for failures that repeat, and a failed item could only be submitted,
            // and charged, again. Its result expiring meanwhile still fails it (a download error).
            item.attempts = max(0, item.attempts - 1)
            let delay = max(after ?? .zero, outageRetryDelay)
            item.state = .submitted
            item.nextAttemptAt = Date().addingTimeInterval(Double(delay.components.seconds))
            try? await journal.save(item)
            let (shouldLog, suppressed) = limiter.check("outage")
            if shouldLog {
                let more = suppressed > 0 ? " (\(suppressed) more like this since the last report)" : ""
                log.warning(
                    "the cloud API cannot be reached; the job is kept and polled again, without using up an attempt\(more)",
                    metadata: ["job.id": "\(jobID)", "retry.in": "\(delay)", "error": "\(message)"])
            }
            return .retryLater(item, after: delay)
        }
        switch disposition {
        case .pause(let reason, let retryAfter):
            item.state = .paused
            item.attempts = max(0, item.attempts - 1)
            try? await journal.save(item)
            log.warning("provider paused; the item stays queued", metadata: ["reason": "\(redactor.redact(reason))"])
            return .paused(item, reason: redactor.redact(reason), retryAfter: retryAfter)
        case .retry(let after) where item.attempts < maxAttempts:
            let delay = after ?? Self.backoff(attempt: item.attempts)
            item.state = item.jobID != nil ? .submitted : .queued
            item.nextAttemptAt = Date().addingTimeInterval(Double(delay.components.seconds))
            try? await journal.save(item)
            log.warning("will retry", metadata: ["attempt": "\(item.attempts)", "error": "\(message)"])
            return .retryLater(item, after: delay)
        case .retry, .fail:
            let jobID = item.jobID
            let jobEnded = jobID != nil && failure?.endsJob == true
            // A job that can deliver nothing more is forgotten, so `relight retry` submits anew;
            // any other keeps its id, and a retry resumes it without paying again.
            if jobEnded { item.jobID = nil }
            item.state = .failed
            item.finishedAt = Date()
            try? await journal.save(item)
            log.error("failed", metadata: ["attempts": "\(item.attempts)", "error": "\(message)", "job.id": "\(jobID ?? "")"])
            await UploadJanitor(journal: journal, provider: provider, logger: log).deleteUploads(ofItem: item.id)
            // A result downloaded but never delivered would stay in state_dir for good otherwise;
            // one kept for a job that will be resumed stays, so the retry need not download it.
            if let jobID, jobEnded { await provider.jobFinished(jobID: jobID) }
            let report = ErrorReport(
                source: redactor.redact(item.sourcePath), profile: item.profile, error: message, attempts: item.attempts, failedAt: Date(),
                fromRun: job.fromRun, jobID: jobID, jobEnded: jobEnded)
            _ = try? AtomicFile.write(report.encoded(), folder: job.naming.folder, name: job.naming.errorName, replacing: [
                (job.naming.folder as NSString).appendingPathComponent(job.naming.errorName)
            ])
            return .failed(item)
        }
    }

    /// A submitted job whose id the journal would not take: stop the item loudly rather than let
    /// it run on unrecorded. The id goes to the log and the error file so nothing is lost.
    private func stop(_ original: JournalItem, _ error: UnrecordedJobError, job: ItemJob, log: Logger) async -> ItemOutcome {
        var item = original
        item.jobID = error.jobID
        item.state = .failed
        item.finishedAt = Date()
        item.lastError = redactor.redact(error.description)
        try? await journal.save(item)
        log.critical("\(item.lastError ?? "")", metadata: ["job.id": "\(error.jobID)"])
        let report = ErrorReport(
            source: redactor.redact(item.sourcePath), profile: item.profile, error: item.lastError ?? "", attempts: item.attempts, failedAt: Date(),
            fromRun: job.fromRun, jobID: error.jobID)
        _ = try? AtomicFile.write(report.encoded(), folder: job.naming.folder, name: job.naming.errorName, replacing: [
            (job.naming.folder as NSString).appendingPathComponent(job.naming.errorName)
        ])
        return .failed(item)
    }

    /// The item as the journal has it now, carrying the lease token of this host's claim: a write
    /// made with it is refused if another host has claimed the item since.
    func reread(_ item: JournalItem) async throws -> JournalItem? {
        guard var fresh = try await journal.item(id: item.id ?? -1) else { return nil }
        fresh.leaseToken = item.leaseToken
        fresh.leaseOwner = item.leaseOwner
        return fresh
    }

    /// How long a job id waits in memory for an unreachable shared journal before the item is stopped.
    static let unreachablePatience: TimeInterval = 600

    /// How soon an item stopped by an unreachable journal is tried again (its claim fails until the journal answers).
    static let unreachableRetry: Duration = .seconds(2)

    /// 2 s, 4 s, 8 s ... capped at 5 minutes.
    static func backoff(attempt: Int) -> Duration {
        .seconds(min(300, 1 << min(max(attempt, 1), 8)))
    }
}
