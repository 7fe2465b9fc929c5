import AsyncHTTPClient
import Crypto
import Foundation
import ImageCodecs
import Logging
import PresignedUpload
import RelightConfig
import Relighting

/// The `pixeldojo` provider: upload, submit, poll, download, clean up.
///
/// It reports the job id through ``RelightEvent/submitted(jobID:creditCost:)`` as soon as it has one,
/// so the caller can journal it; ``resume(jobID:request:events:)`` finishes such a job without
/// submitting again.
public struct CloudProvider: RelightProvider {
    public let name = "pixeldojo"
    let client: PixelDojoClient
    let uploader: any ImageUploader
    let gate: SubmissionGate
    let logger: Logger
    /// Retry policy for submits, polls and downloads; its deadline is set per job from `job_timeout`.
    public var retry: RetryStateMachine.Configuration
    public var clock: any Clock<Duration> = ContinuousClock()
    /// The API key in use, shared with the client (read again from `api_key_file` after a 401).
    public var keys: APIKeyStore { client.keys }
    /// Set by ``make(_:environment:logger:)``: ``shutdown()`` then releases the client's HTTP client.
    var ownsHTTPClient = false
    /// Where downloaded results wait until their outputs are written (the daemon's `state_dir/downloads`);
    /// nil keeps nothing (`relight preview`, which writes no journal).
    public var keptDownloads: KeptDownloads?
    /// Test hook (`RELIGHT_TEST_HOLD_BEFORE_RESTORE`): once the results are downloaded and kept, create
    /// this file and wait forever, so a test can kill -9 the process between download and restore.
    public var holdBeforeRestore: String?

    public init(client: PixelDojoClient, uploader: any ImageUploader, gate: SubmissionGate = SubmissionGate(), retry: RetryStateMachine.Configuration = .init(), logger: Logger = Logger(label: "relight.pixeldojo")) {
        self.client = client
        self.uploader = uploader
        self.gate = gate
        self.retry = retry
        self.logger = logger
    }

    public func relight(_ request: RelightRequest, events: @escaping RelightEvents) async throws -> RelightResult {
        let meta: Logger.Metadata = ["file.path": "\(request.sourcePath)", "profile": "\(request.profile.name)"]
        try await waitForGate(events)
        try await events(.uploading)
        // deliver: source sends a small proxy of the whole frame, not the original.
        let frame = request.profile.deliver == .source ? try await FullFrame.load(path: request.sourcePath, profile: request.profile) : nil
        let proxyPath = try await frame?.writeProxy()
        defer { if let proxyPath { unlink(proxyPath) } }
        let source = try await SourceImage.inspect(path: proxyPath ?? request.sourcePath, knownSHA256: proxyPath == nil ? request.sourceSHA256 : nil)
        // Journaled before the upload: a crash from here on leaves an object the next start can find.
        let key = uploader.newKey(for: source)
        try await events(.uploadStarted(StoredUpload(key: key, size: source.size, contentType: source.kind.contentType, sha256: source.sha256)))
        let uploaded = try await retrier(deadline: nil).run("upload", metadata: meta) { () async throws(PixelDojoError) -> UploadedObject in
            do throws(UploadError) { return try await uploader.upload(source, key: key) } catch {
                throw PixelDojoError(error.isTransient ? .network : .invalidRequest, "Uploading the photo failed: \(error.message)", status: error.status)
            }
        }
        do {
            var parameters = frame?.parameters(request.profile) ?? request.profile.apiParameters
            parameters["subject_image"] = .string(uploaded.fileURL.url)
            var submitter = retrier(deadline: nil, gate: gate)
            submitter.onHold = { reason in try? await events(reason.map { .held(reason: $0) } ?? .uploading) }
            // The same photo with the same parameters always carries the same key, so a submit
            // repeated after a crash or a lost answer can be matched to the first one.
            let key = Self.idempotencyKey(sha256: request.sourceSHA256 ?? source.sha256, parameters: frame?.parameters(request.profile) ?? request.profile.apiParameters)
            let job = try await submitter.run("submit", metadata: meta) { () async throws(PixelDojoError) -> SubmittedJob in
                try await client.submit(parameters, idempotencyKey: key)
            }
            try await events(.submitted(jobID: job.jobID, creditCost: job.creditCost))
            let result = try await finish(job, request: request, frame: frame, uploadedBytes: Int(source.size), events: events, meta: meta)
            await cleanUp(uploaded, events: events, meta: meta)
            return result
        } catch {
            await cleanUp(uploaded, events: events, meta: meta)
            throw error
        }
    }

    /// Waits while submission is held back, reporting the item as held (waiting, not moving) meanwhile.
    func waitForGate(_ events: RelightEvents) async throws {
        if let pause = await gate.currentPause() { try await events(.held(reason: pause.reason)) }
        if try await gate.waitUntilOpen() { Self.reload(client.keys, logger: logger) }
    }

    static func idempotencyKey(sha256: String, parameters: [String: JSONValue]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let canonical = (try? encoder.encode(parameters)) ?? Data()
        let digest = SHA256.hash(data: Data(sha256.utf8) + canonical)
        return "relight-" + Hex.string(digest.prefix(16))
    }

    public func resume(jobID: String, request: RelightRequest, events: @escaping RelightEvents) async throws -> RelightResult {
        let meta: Logger.Metadata = ["file.path": "\(request.sourcePath)", "profile": "\(request.profile.name)", "job.id": "\(jobID)"]
        logger.info("resuming job", metadata: meta)
        return try await finish(SubmittedJob(jobID: jobID), request: request, frame: nil, uploadedBytes: nil, events: events, meta: meta)
    }

    /// Polls until the job ends, then downloads every output and keeps it (``keptDownloads``) until
    /// the caller has written the outputs; a job whose download was kept before a restart is restored
    /// from those bytes, without polling or downloading again.
    /// With `deliver: source` every output is restored onto the full-size original (`frame`, loaded
    /// again when a job is resumed after a restart).
    func finish(
        _ job: SubmittedJob, request: RelightRequest, frame: FullFrame?, uploadedBytes: Int?, events: @escaping RelightEvents, meta: Logger.Metadata
    ) async throws -> RelightResult {
        let downloads: [[UInt8]]
        var cost: Double?
        var uploadedBytes = uploadedBytes
        // File I/O (reads, fsync) off the cooperative pool.
        let keeper = keptDownloads
        if let kept = try await FullFrame.offPool({ keeper?.kept(jobID: job.jobID) }) {
            try await events(.downloading)
            logger.info("using the result downloaded before the restart", metadata: meta.merging(["job.id": "\(job.jobID)"]) { $1 })
            downloads = kept.outputs
            cost = kept.creditCost
            uploadedBytes = uploadedBytes ?? kept.uploadedBytes
        } else {
            try await events(.processing)
            let (outputs, charged) = try await waitForOutputs(job, meta: meta)
            cost = charged
            try await events(.downloading)
            var fetched: [[UInt8]] = []
            for url in outputs {
                let image = try await retrier(deadline: nil).run("download", metadata: meta) { () async throws(PixelDojoError) -> DownloadedImage in
                    try await client.download(url)
                }
                fetched.append([UInt8](image.data))
            }
            downloads = fetched
            logger.info("downloaded", metadata: meta.merging(["job.id": "\(job.jobID)", "outputs": "\(downloads.count)"]) { $1 })
            do {
                let (fetched, charged, sent) = (downloads, cost ?? job.creditCost, uploadedBytes)
                try await FullFrame.offPool { try keeper?.keep(fetched, jobID: job.jobID, creditCost: charged, uploadedBytes: sent) }
            } catch {
                logger.warning("the downloaded result could not be kept; a crash before its outputs are written would download it again", metadata: meta.merging(["job.id": "\(job.jobID)", "error": "\(error)"]) { $1 })
            }
        }
        if let holdBeforeRestore { await Self.hold(marker: holdBeforeRestore) }
        var images: [RelitImage] = []
        do {
            for (offset, bytes) in downloads.enumerated() {
                images.append(try Self.relitImage(bytes, index: offset + 1, seed: request.profile.seed, jobID: job.jobID))
            }
        } catch {
            // The same bytes would fail again: drop them, so a retry downloads afresh.
            keptDownloads?.discard(jobID: job.jobID)
            throw error
        }
        var delivered = DeliverMode.generated
        var source: (format: String, decoder: String)?
        if request.profile.deliver == .source {
            let loaded: FullFrame
            if let frame {
                loaded = frame
            } else {
                loaded = try await FullFrame.load(path: request.sourcePath, profile: request.profile, expectedSHA256: request.sourceSHA256)
            }
            source = (loaded.sourceFormat, loaded.decoder)
            var restored: [RelitImage] = []
            for image in images {
                restored.append(try await loaded.restore([UInt8](image.data), profile: request.profile, index: image.index, jobID: job.jobID))
            }
            images = restored
            delivered = .source
        }
        if delivered == .generated, request.profile.outputFormat == .tiff {
            // The API knows no TIFF: it was asked for PNG, and the profile's TIFF is made here.
            images = try images.map { try Self.tiff(from: $0, jobID: job.jobID) }
        }
        var result = RelightResult(
            images: images, jobID: job.jobID, creditCost: cost ?? job.creditCost ?? 0, model: request.profile.modelType.rawValue, delivered: delivered,
            uploadedBytes: uploadedBytes)
        result.sourceFormat = source?.format
        result.decoder = source?.decoder
        return result
    }

    public func jobFinished(jobID: String) async {
        keptDownloads?.discard(jobID: jobID)
    }

    /// The test hook's pause: says where it is, then waits to be killed.
    static func hold(marker: String) async {
        _ = FileManager.default.createFile(atPath: marker, contents: Data())
        while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
    }

    /// Polls with a delay that starts at `poll_interval` and grows by half each time up to its cap.
    func waitForOutputs(_ job: SubmittedJob, meta: Logger.Metadata) async throws -> ([String], Double?) {
        let settings = client.settings
        let start = ContinuousClock.now
        var delay = settings.pollInterval
        let poller = retrier(deadline: settings.jobTimeout)
        while true {
            try await clock.sleep(for: delay, tolerance: nil)
            let state = try await poller.run("poll", metadata: meta) { () async throws(PixelDojoError) -> JobState in
                try await client.poll(job)
            }
            switch state {
            case .completed(let outputs, let cost):
                return (outputs, cost)
            case .failed(let reason):
                throw PixelDojoError(.jobFailed, "The cloud job \(job.jobID) failed: \(reason).")
            case .running:
                if ContinuousClock.now - start > settings.jobTimeout {
                    throw PixelDojoError(.jobTimedOut, "The cloud job \(job.jobID) did not finish within pixeldojo.job_timeout (\(settings.jobTimeout)); it can be resumed later.")
                }
                delay = min(delay * 1.5, settings.maxPollInterval)
            }
        }
    }

    func cleanUp(_ object: UploadedObject, events: RelightEvents, meta: Logger.Metadata) async {
        do {
            try await uploader.delete(object)
            // Only a store that deletes gets its object marked gone; one that keeps objects
            // (delete_after: false, no delete URL) leaves it to the next start, which asks again.
            if object.deleteURL != nil { try? await events(.uploadDeleted(key: object.key)) }
        } catch {
            logger.warning("could not delete the uploaded photo", metadata: meta.merging(["upload.key": "\(object.key)", "error": "\(error.message)"]) { $1 })
        }
    }

    /// Deletes an object an earlier process uploaded, by its key (a fresh presigned DELETE).
    public func deleteUpload(_ upload: StoredUpload) async throws -> Bool {
        try await uploader.delete(UploadReceipt(key: upload.key, size: upload.size, contentType: upload.contentType, sha256: upload.sha256))
    }

    func retrier(deadline: Duration?, gate: SubmissionGate? = nil) -> Retrier {
        var configuration = retry
        if let deadline { configuration.deadline = deadline }
        var retrier = Retrier(configuration: configuration, clock: clock, gate: gate, logger: logger)
        retrier.refreshKey = { [keys = client.keys, logger] in Self.reload(keys, logger: logger) }
        return retrier
    }

    /// Reads the key file again after a 401, and says what came of it.
    static func reload(_ keys: APIKeyStore, logger: Logger) {
        switch keys.reload() {
        case .unchanged:
            break
        case .changed:
            logger.notice("the API key file changed; trying the new key")
        case .unusable(let problem):
            logger.warning("the API key file cannot be used yet: \(problem)")
        }
    }

    /// A downloaded output with its format and size read from its header by the codecs
    /// (libjpeg-turbo, libpng, libwebp), the same code that decodes every source.
    /// A downloaded output re-encoded as TIFF (at 16 bits when the download has them).
    static func tiff(from image: RelitImage, jobID: String) throws(PixelDojoError) -> RelitImage {
        guard image.format != .tiff else { return image }
        let data: [UInt8]
        do throws(ImageCodecError) {
            let decoded = try ImageDecoder.decode([UInt8](image.data), options: DecodeOptions(keepDeepPixels: true))
            if let deep = decoded.deep {
                data = try ImageEncoder.encode(deep, as: .tiff)
            } else {
                data = try ImageEncoder.encode(decoded.pixels, as: .tiff)
            }
        } catch {
            throw PixelDojoError(.notAnImage, "Cannot make TIFF output \(image.index) of job \(jobID): \(error.message)")
        }
        return RelitImage(data: Data(data), format: .tiff, width: image.width, height: image.height, index: image.index, seed: image.seed)
    }

    static func relitImage(_ bytes: [UInt8], index: Int, seed: Int?, jobID: String) throws(PixelDojoError) -> RelitImage {
        let header: ImageCodecs.ImageHeader
        do { header = try ImageDecoder.probe(bytes) } catch {
            throw PixelDojoError(.notAnImage, "Output \(index) of job \(jobID) is not a readable image: \(error.message)")
        }
        let format: OutputFormat = switch header.format {
        case .jpeg: .jpg
        case .png: .png
        case .webp: .webp
        case .tiff: .tiff
        case .heif, .raw: throw PixelDojoError(.notAnImage, "Output \(index) of job \(jobID) is a \(header.format.rawValue.uppercased()) image, not an output format relight delivers")
        }
        return RelitImage(data: Data(bytes), format: format, width: header.width, height: header.height, index: index, seed: seed)
    }
}

extension CloudProvider {
    /// The provider a configuration describes, with its own HTTP client: call ``shutdown()`` when done.
    ///
    /// Throws ``PixelDojoError`` (no API key) or ``UploadError`` (no `upload:` section, missing store
    /// keys or token) with a message that names the setting to fix.
    public static func make(_ configuration: RelightConfiguration, environment: [String: String], logger: Logger = Logger(label: "relight.pixeldojo")) throws -> CloudProvider {
        let keys = try APIKeyStore.load(configuration.pixeldojo, environment: environment)
        guard let upload = configuration.upload else {
            throw UploadError(.invalidConfiguration, "provider pixeldojo needs an upload: section (s3: or presign_service:) so the API can fetch each photo by URL.")
        }
        let http = PixelDojoClient.makeHTTPClient()
        do {
            let uploader = try makeUploader(upload, environment: environment, httpClient: http, logger: logger)
            let client = PixelDojoClient(settings: configuration.pixeldojo, keys: keys, httpClient: http, logger: logger)
            var provider = CloudProvider(client: client, uploader: uploader, logger: logger)
            provider.ownsHTTPClient = true
            return provider
        } catch {
            try? http.syncShutdown()
            throw error
        }
    }

    /// Releases the HTTP client when the provider made it (``make(_:environment:logger:)``).
    public func submissionPause() async -> ProviderPause? {
        await gate.currentPause()
    }

    public func shutdown() async throws {
        if ownsHTTPClient { try await client.http.shutdown() }
    }
}
