import Foundation
import RelightConfig
import Relighting
import RelightPipeline

/// The picture `/api/status`, the dashboard and `relight status` share. Every text that could carry
/// a secret (file names, errors, pause reasons) has been through the redactor.
public struct StatusReport: Sendable, Codable, Equatable {
    public var healthy: Bool
    /// "ok", or why the daemon is not healthy.
    public var health: String
    public var provider: ProviderState
    public var queue: QueueState
    /// Items per state, over the whole journal.
    public var counts: [String: Int]
    public var folders: [Folder]
    public var credits: Credits
    public var failures: [Job]
    public var recent: [Job]
    public var generatedAt: Date
    /// `sqlite`, or the shared PostgreSQL's address (never with a password).
    public var journal: String? = nil
    /// Every host on a shared journal: its last heartbeat and how many items it holds.
    public var hosts: [Journal.HostRecord]? = nil

    public struct ProviderState: Sendable, Codable, Equatable {
        public var name: String
        /// "running", "paused" or "stopped".
        public var state: String
        public var reason: String?
        public var pausedUntil: Date?
        /// Nil when there is no daily budget.
        public var budgetPerDay: Double?
        public var budgetLeftToday: Double?
    }

    public struct QueueState: Sendable, Codable, Equatable {
        public var waiting: Int
        public var inFlight: Int
    }

    public struct Folder: Sendable, Codable, Equatable {
        public var path: String
        public var counts: [String: Int]
        /// Whether the daemon serves it; the journal also holds `relight run`'s folders and folders that left
        /// relight.yaml, whose queued items the daemon leaves alone. nil in reports from before this field.
        public var watched: Bool?

        public init(path: String, counts: [String: Int], watched: Bool? = nil) {
            self.path = path
            self.counts = counts
            self.watched = watched
        }
    }

    /// How many of the journal's items in `state` are in folders the daemon does not serve (they wait until their
    /// folder is back in relight.yaml): part of ``counts``, which covers the whole journal.
    public func unwatched(_ state: String) -> Int {
        folders.filter { $0.watched == false }.reduce(0) { $0 + ($1.counts[state] ?? 0) }
    }

    public struct Credits: Sendable, Codable, Equatable {
        public var today: Double
        public var total: Double
    }

    /// One journal item as the API shows it.
    public struct Job: Sendable, Codable, Equatable {
        public var id: Int64
        public var fileName: String
        public var sourcePath: String
        public var watchPath: String
        public var profile: String
        public var provider: String
        public var state: String
        public var attempts: Int
        public var jobId: String?
        public var credits: Double
        public var error: String?
        public var outputs: [String]
        public var detectedAt: Date
        public var finishedAt: Date?
        /// Server paths of the before/after thumbnails.
        public var thumbnailBefore: String
        public var thumbnailAfter: String?
    }

    /// The encoder every JSON answer uses: snake_case keys, ISO 8601 dates.
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

extension StatusReport.Job {
    init(_ item: JournalItem, redactor: SecretRedactor) {
        let id = item.id ?? 0
        self.init(
            id: id, fileName: redactor.redact(PathBytes.display((item.sourcePath as NSString).lastPathComponent)),
            sourcePath: redactor.redact(PathBytes.display(item.sourcePath)), watchPath: redactor.redact(item.watchPath), profile: item.profile,
            provider: item.provider, state: item.state.rawValue, attempts: item.attempts, jobId: item.jobID.map(redactor.redact),
            credits: item.credits, error: item.lastError.map { redactor.redact(PathBytes.display($0)) }, outputs: item.outputs.map(redactor.redact),
            detectedAt: item.detectedAt, finishedAt: item.finishedAt,
            thumbnailBefore: "/thumbnails/\(id)/before",
            thumbnailAfter: item.state == .done && !item.outputs.isEmpty ? "/thumbnails/\(id)/after" : nil)
    }
}
