import Foundation
import RelightConfig
import RelightEngine

/// Everything the sandbox remembers: jobs, stored objects, credits, the fault dice and the stats.
actor SandboxState {
    struct Job: Sendable {
        enum Status: String, Sendable { case pending, processing, completed, failed }
        var id: String
        var status: Status
        var outputs: [String] = []
        var error: String?
        var creditCost: Double
    }

    struct StoredObject: Sendable {
        var bytes: [UInt8]
        var contentType: String
    }

    private(set) var stats = SandboxStats()
    private var jobs: [String: Job] = [:]
    private var objects: [String: StoredObject] = [:]
    private var credits: Double?
    private var dice: SeededGenerator
    private var apiCalls = 0
    private var nextJob = 0
    /// URLs issued before this Unix second are expired (`POST /sandbox/expire-outputs`).
    private(set) var revokedBefore = 0
    /// Until then every API call and output download has its connection cut (`POST /sandbox/outage`).
    private var outageUntil = Date.distantPast

    init(configuration: SandboxConfiguration) {
        credits = configuration.credits
        dice = SeededGenerator(seed: configuration.seed)
        stats.engine = configuration.engine.name
        stats.creditsRemaining = credits
    }

    // MARK: faults

    enum Fault: String, Sendable {
        case rateLimited = "rate_limited"
        case internalError = "internal_error"
        case dropped
        case malformed
        case truncated
    }

    /// Rolls the dice for one API call (submit or poll) and counts what it injects.
    func apiFault(_ faults: SandboxFaults) -> Fault? {
        apiCalls += 1
        let fault: Fault?
        if Date() < outageUntil {
            fault = .dropped
        } else if faults.rateLimitEvery > 0, apiCalls % faults.rateLimitEvery == 0 {
            fault = .rateLimited
        } else if dice.roll(faults.dropRate) {
            fault = .dropped
        } else if dice.roll(faults.errorRate) {
            fault = .internalError
        } else if dice.roll(faults.malformedRate) {
            fault = .malformed
        } else if dice.roll(faults.truncateRate) {
            fault = .truncated
        } else {
            fault = nil
        }
        if let fault { stats.faults[fault.rawValue, default: 0] += 1 }
        return fault
    }

    /// Rolls for a dropped download connection.
    func downloadDropped(_ faults: SandboxFaults) -> Bool {
        let drop = Date() < outageUntil || dice.roll(faults.dropRate)
        if drop { stats.faults[Fault.dropped.rawValue, default: 0] += 1 }
        return drop
    }

    func jobShouldFail(_ rate: Double) -> Bool { dice.roll(rate) }

    // MARK: jobs and credits

    func countSubmitCall() { stats.submitCalls += 1 }
    func countPoll() { stats.polls += 1 }

    /// Charges `cost` and creates a pending job; nil (and a 402 counted) when the balance is short.
    /// The job an earlier submit with this `Idempotency-Key` created, unless it failed.
    func job(idempotencyKey key: String) -> Job? {
        guard let id = idempotentJobs[key], let job = jobs[id], job.status != .failed else { return nil }
        stats.idempotentReplays += 1
        return job
    }

    func remember(idempotencyKey key: String, job: Job) {
        idempotentJobs[key] = job.id
    }

    func createJob(cost: Double, contentKey: String) -> Job? {
        if let balance = credits {
            guard balance >= cost else {
                stats.faults["insufficient_credits", default: 0] += 1
                return nil
            }
            credits = balance - cost
            stats.creditsRemaining = credits
        }
        nextJob += 1
        let random = (0..<6).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &dice)) }.joined()
        let job = Job(id: "job_\(nextJob)_\(random)", status: .pending, creditCost: cost)
        jobs[job.id] = job
        stats.submits += 1
        stats.submitsByContent[contentKey, default: 0] += 1
        return job
    }

    func job(_ id: String) -> Job? { jobs[id] }

    private var idempotentJobs: [String: String] = [:]

    func update(_ id: String, _ change: (inout Job) -> Void) {
        guard var job = jobs[id] else { return }
        change(&job)
        jobs[id] = job
        if job.status == .completed { stats.jobsCompleted += 1 }
        if job.status == .failed { stats.jobsFailed += 1 }
    }

    /// Adds to (or sets) the balance; returns the new balance.
    func topUp(add: Double?, set: Double?) -> Double? {
        if let set { credits = set }
        if let add { credits = (credits ?? 0) + add }
        stats.creditsRemaining = credits
        return credits
    }

    // MARK: objects

    func putObject(_ name: String, _ object: StoredObject, isUpload: Bool) {
        objects[name] = object
        if isUpload {
            stats.uploads += 1
            stats.uploadedBytes += object.bytes.count
            stats.largestUpload = max(stats.largestUpload, object.bytes.count)
        }
        stats.storedObjects = objects.count
    }

    func object(_ name: String, isOutput: Bool) -> StoredObject? {
        guard let object = objects[name] else { return nil }
        if isOutput { stats.downloads += 1 } else { stats.objectGets += 1 }
        return object
    }

    /// Reads an object without counting it (the job's own fetch of a local subject image counts as a GET above).
    func peekObject(_ name: String) -> StoredObject? { objects[name] }

    func deleteObject(_ name: String) {
        objects[name] = nil
        stats.objectDeletes += 1
        stats.storedObjects = objects.count
    }

    func countPresign() { stats.presigns += 1 }

    func revokeAll() { revokedBefore = Int(Date().timeIntervalSince1970) + 1 }

    /// Cuts every API call and download for `seconds` from now (zero ends an outage at once).
    func outage(seconds: Double) { outageUntil = Date().addingTimeInterval(seconds) }
}
