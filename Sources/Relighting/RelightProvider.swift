import Foundation
import RelightConfig

/// Something that relights one source image with one resolved profile: the local engine or the cloud API.
///
/// The daemon and `relight run` use only this interface, so either provider can stand in for the other.
public protocol RelightProvider: Sendable {
    /// `local` or `pixeldojo`, as written in sidecars and the journal.
    var name: String { get }

    /// Relights `request.source` with `request.profile`.
    ///
    /// - Parameter events: called as the work passes its stages. A cloud provider reports its job id
    ///   through ``RelightEvent/submitted(jobID:creditCost:)`` as soon as it has one, so the caller can
    ///   journal it before anything else can go wrong. When that throws, the provider stops the
    ///   request and rethrows: a job the caller cannot record must not run on unrecorded.
    /// - Returns: every output image, encoded in the profile's output format.
    func relight(_ request: RelightRequest, events: @escaping RelightEvents) async throws -> RelightResult

    /// Finishes a job that was submitted before a restart, without submitting it again.
    ///
    /// Providers without remote jobs (the local engine) relight the source again.
    func resume(jobID: String, request: RelightRequest, events: @escaping RelightEvents) async throws -> RelightResult

    /// Releases the provider's threads and connections; call once, when no more work will come.
    func shutdown() async throws

    /// Why submission is held back right now, or nil when the provider takes work.
    func submissionPause() async -> ProviderPause?

    /// The caller is done with `jobID`: every output is written and journaled, or the item failed for
    /// good (`relight retry` submits a failed photo anew). The provider may now drop what it kept to
    /// survive a crash before that point (the cloud provider's downloaded results).
    func jobFinished(jobID: String) async

    /// Deletes an object that an earlier process uploaded (reported by ``RelightEvent/uploadStarted(_:)``
    /// and never deleted, because that process died). Returns false when the store keeps objects.
    func deleteUpload(_ upload: StoredUpload) async throws -> Bool
}

extension RelightProvider {
    public func shutdown() async throws {}

    public func submissionPause() async -> ProviderPause? { nil }

    public func jobFinished(jobID: String) async {}

    /// Providers that upload nothing have nothing to delete.
    public func deleteUpload(_ upload: StoredUpload) async throws -> Bool { false }

    public func relight(_ request: RelightRequest) async throws -> RelightResult {
        try await relight(request, events: { _ in })
    }
}

/// One source image and the profile to apply to it.
public struct RelightRequest: Sendable {
    /// The source file, absolute.
    public var sourcePath: String
    /// The lower-case hex SHA-256 of the source's content, when the caller has it.
    public var sourceSHA256: String?
    public var profile: LightingProfile

    public init(sourcePath: String, sourceSHA256: String? = nil, profile: LightingProfile) {
        self.sourcePath = sourcePath
        self.sourceSHA256 = sourceSHA256
        self.profile = profile
    }
}

/// Receives a provider's progress; throwing stops the request (see ``RelightProvider``).
public typealias RelightEvents = @Sendable (RelightEvent) async throws -> Void

/// Progress of one request through a provider.
public enum RelightEvent: Sendable, Equatable {
    /// Held back before submission (out of credits, a refused key): waiting, not moving.
    case held(reason: String)
    /// On its way to the provider (for the cloud: uploading, then submitting).
    case uploading
    /// The source is about to go to the store under this key: journal it now, before the upload and
    /// the submit, so that an object a crash leaves behind (even half uploaded) can still be found
    /// and deleted.
    case uploadStarted(StoredUpload)
    /// The provider deleted the object it uploaded for this request.
    case uploadDeleted(key: String)
    /// The provider has a job id: journal it now, so a restart resumes instead of resubmitting.
    case submitted(jobID: String, creditCost: Double?)
    /// The provider is working on it: the local engine relighting, or a submitted cloud job.
    case processing
    case downloading
}

/// The outputs of one request.
public struct RelightResult: Sendable {
    public var images: [RelitImage]
    /// The provider's job id, when it has jobs.
    public var jobID: String?
    /// Credits charged; zero for the local engine.
    public var creditCost: Double
    /// The model that produced the images (`model_type`, or `local-engine`).
    public var model: String
    /// What the images are: the source's full frame, or the provider's own crop and size.
    public var delivered: DeliverMode
    /// Bytes sent up for this request (the cloud's upload, e.g. the proxy), when known.
    public var uploadedBytes: Int?
    /// What the source is by its content ("NEF", "HEIC"…) and which decoder read it, when it was decoded.
    public var sourceFormat: String?
    public var decoder: String?

    public init(
        images: [RelitImage], jobID: String? = nil, creditCost: Double = 0, model: String, delivered: DeliverMode = .generated, uploadedBytes: Int? = nil
    ) {
        self.images = images
        self.jobID = jobID
        self.creditCost = creditCost
        self.model = model
        self.delivered = delivered
        self.uploadedBytes = uploadedBytes
    }
}

/// One encoded output image.
public struct RelitImage: Sendable {
    /// The encoded file's bytes.
    public var data: Data
    public var format: OutputFormat
    public var width: Int
    public var height: Int
    /// 1-based position among the request's outputs.
    public var index: Int
    /// The seed this variation was made with, when known.
    public var seed: Int?

    public init(data: Data, format: OutputFormat, width: Int, height: Int, index: Int, seed: Int? = nil) {
        self.data = data
        self.format = format
        self.width = width
        self.height = height
        self.index = index
        self.seed = seed
    }
}
