import Foundation
import RelightConfig

/// `{stem}_{profile}.relight.json`: what was done to a source, written beside its outputs.
public struct Sidecar: Sendable, Codable, Equatable {
    public struct Source: Sendable, Codable, Equatable {
        public var path: String
        public var sha256: String
        /// What the file is by its content ("JPEG", "NEF", "HEIC", "TIFF"…), when it was decoded.
        public var format: String?
        /// The library that decoded it, and how ("LibRaw 0.20.2 develop").
        public var decoder: String?

        public init(path: String, sha256: String, format: String? = nil, decoder: String? = nil) {
            self.path = path
            self.sha256 = sha256
            self.format = format
            self.decoder = decoder
        }
    }

    public struct Profile: Sendable, Codable, Equatable {
        public var name: String
        public var fingerprint: String
        /// The resolved parameters in the API's names, plus `model_type`.
        public var parameters: [String: JSONValue]
    }

    public struct Timings: Sendable, Codable, Equatable {
        public var detectedAt: Date
        public var startedAt: Date?
        public var finishedAt: Date
        /// Seconds spent in the provider (upload, job, download for the cloud).
        public var providerSeconds: Double
        /// Seconds spent writing outputs.
        public var writeSeconds: Double

        enum CodingKeys: String, CodingKey {
            case detectedAt = "detected_at", startedAt = "started_at", finishedAt = "finished_at"
            case providerSeconds = "provider_seconds", writeSeconds = "write_seconds"
        }
    }

    public var source: Source
    public var profile: Profile
    public var provider: String
    public var model: String
    /// What the outputs are: `source` (the full frame at the source's size) or `generated` (the
    /// provider's crop and size). Absent on copies of earlier outputs.
    public var deliver: DeliverMode?
    public var jobID: String?
    public var creditCost: Double
    /// Bytes uploaded to the cloud for this source (the proxy with `deliver: source`); absent for the
    /// local engine and for a job resumed after a restart before its result was downloaded.
    public var uploadedBytes: Int?
    /// Output file names, in the sidecar's folder.
    public var outputs: [String]
    public var timings: Timings
    /// When the outputs were copied from an earlier run of the same content and profile.
    public var reusedFrom: String?
    public var relightVersion: String

    enum CodingKeys: String, CodingKey {
        case source, profile, provider, model, outputs, timings, deliver
        case jobID = "job_id", creditCost = "credit_cost", uploadedBytes = "uploaded_bytes", reusedFrom = "reused_from", relightVersion = "relight_version"
    }

    public init(
        source: Source, profile: LightingProfile, provider: String, model: String, jobID: String?, creditCost: Double,
        outputs: [String], timings: Timings, reusedFrom: String? = nil, deliver: DeliverMode? = nil, uploadedBytes: Int? = nil
    ) {
        var parameters = profile.apiParameters
        parameters["model_type"] = .string(profile.modelType.rawValue)
        // The output format the files have (the API is asked for png when the profile says tiff).
        parameters["output_format"] = .string(profile.outputFormat.rawValue)
        // For people and tools reading JSON: a name that is not UTF-8 shows its bytes as `\xE9` (see PathBytes).
        self.source = Source(path: PathBytes.display(source.path), sha256: source.sha256, format: source.format, decoder: source.decoder)
        self.profile = Profile(name: profile.name, fingerprint: profile.fingerprint, parameters: parameters)
        self.provider = provider
        self.model = model
        self.deliver = deliver
        self.jobID = jobID
        self.creditCost = creditCost
        self.uploadedBytes = uploadedBytes
        self.outputs = outputs
        self.timings = timings
        self.reusedFrom = reusedFrom.map(PathBytes.display)
        self.relightVersion = RelightVersion.current
    }

    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return (try? encoder.encode(self)) ?? Data("{}".utf8)
    }
}

/// `{stem}_{profile}.error.json`: why an item failed, written beside where its outputs would be.
public struct ErrorReport: Sendable, Codable, Equatable {
    public var source: String
    public var profile: String
    public var error: String
    public var attempts: Int
    public var failedAt: Date
    public var hint: String
    /// The cloud job the item paid for, if it got that far.
    public var jobID: String?

    enum CodingKeys: String, CodingKey {
        case source, profile, error, attempts, hint
        case failedAt = "failed_at"
        case jobID = "job_id"
    }

    /// `jobEnded`: the job can deliver nothing more (it failed, or its result is gone), so a retry
    /// submits the photo again; otherwise a retry resumes the job.
    public init(source: String, profile: String, error: String, attempts: Int, failedAt: Date, fromRun: Bool = false, jobID: String? = nil, jobEnded: Bool = false) {
        self.source = PathBytes.display(source)
        self.profile = profile
        self.error = PathBytes.display(error)
        self.attempts = attempts
        self.failedAt = failedAt
        self.jobID = jobID
        var hint = fromRun ? "fix the cause, then run relight run on the photo again" : "fix the cause, then run: relight retry --all-failed"
        if let jobID {
            hint += jobEnded
                ? "; the cloud job \(jobID) has ended, so a retry submits the photo again and is charged again"
                : "; a retry resumes the cloud job \(jobID), it is not submitted or charged again"
        }
        self.hint = hint
    }

    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return (try? encoder.encode(self)) ?? Data("{}".utf8)
    }
}

/// The version written into sidecars and printed by `relight --version`.
public enum RelightVersion {
    public static let current = "0.1.0"
}
