import Foundation
import ImageCodecs
import ImagePixels
import NIOPosix
import RelightConfig
import RelightEngine

/// The embedded provider: decodes the source, relights it with ``RelightEngine`` on this machine's CPU
/// and encodes every variation in the profile's output format. No network, no credits.
///
/// All decoding, relighting and encoding runs on the provider's own `NIOThreadPool`, never on Swift's
/// cooperative pool; the pool has one thread per core unless told otherwise, which bounds concurrency.
/// Call ``shutdown()`` when done with it.
public final class LocalProvider: RelightProvider {
    public let name = "local"
    public let threadCount: Int
    public let decodeOptions: DecodeOptions
    /// A fixed geometry for every request (the sandbox imitates the API's), or nil to follow each
    /// profile's `deliver`: the source's full frame, or the API's crop and size.
    public let geometry: OutputGeometry?
    private let pool: NIOThreadPool
    /// Spreads one photo's full-resolution pass over the cores too, so a single photo is not held to one
    /// (the bytes are the same either way).
    private let engine: RelightEngine

    public init(
        threads: Int = ProcessInfo.processInfo.activeProcessorCount, decodeOptions: DecodeOptions = DecodeOptions(), geometry: OutputGeometry? = nil
    ) {
        threadCount = max(1, threads)
        engine = RelightEngine(threads: threadCount)
        self.decodeOptions = decodeOptions
        self.geometry = geometry
        pool = NIOThreadPool(numberOfThreads: threadCount)
        pool.start()
    }

    deinit {
        // A provider nobody shut down would otherwise leave its threads running; this form never blocks.
        pool.shutdownGracefully { _ in }
    }

    /// Stops the provider's threads once their current work is done.
    public func shutdown() async throws {
        try await pool.shutdownGracefully()
    }

    public func relight(_ request: RelightRequest, events: @escaping RelightEvents) async throws -> RelightResult {
        try await events(.processing)
        let path = request.sourcePath
        return try await relight(profile: request.profile, label: path) { try Self.read(path) }
    }

    /// Relights an image held in memory (the sandbox uses this for the images it fetches).
    public func relight(imageBytes: [UInt8], profile: LightingProfile, label: String = "image") async throws -> RelightResult {
        try await relight(profile: profile, label: label) { imageBytes }
    }

    private func relight(profile: LightingProfile, label path: String, bytes: @escaping @Sendable () throws -> [UInt8]) async throws -> RelightResult {
        let baseOptions = decodeOptions
        let geometry = geometry(for: profile)
        let source = try await pool.runIfActive { () throws -> DecodedImage in
            let bytes = try bytes()
            do {
                // A JPEG much larger than the output is decoded at a reduced DCT scale: same result, less work.
                let header = try ImageDecoder.probe(bytes)
                var options = baseOptions
                options.minimumScale = geometry.minimumScale(sourceWidth: header.width, sourceHeight: header.height, profile: profile)
                // A 16-bit source keeps its depth when the output is the full frame in a format that can hold it.
                options.keepDeepPixels = geometry == .source && ImageEncoder.keepsDeepPixels(ImageFormat(profile.outputFormat))
                return try ImageDecoder.decode(bytes, options: options)
            } catch let error as ImageCodecError {
                throw LocalProviderError(path: path, reason: error.message, cause: error)
            }
        }
        let count = max(1, profile.numberOfImages)
        // Variations run side by side on the pool; each is one job, so at most `threadCount` run at once.
        let images = try await withThrowingTaskGroup(of: RelitImage.self) { group in
            for variation in 0..<count {
                group.addTask {
                    try await self.pool.runIfActive { try self.render(source, profile: profile, variation: variation) }
                }
            }
            var images: [RelitImage] = []
            for try await image in group { images.append(image) }
            return images.sorted { $0.index < $1.index }
        }
        var result = RelightResult(images: images, model: "local-engine", delivered: geometry == .source ? .source : .generated)
        result.sourceFormat = source.header.content.displayName
        result.decoder = source.decoder
        return result
    }

    public func resume(jobID: String, request: RelightRequest, events: @escaping RelightEvents) async throws -> RelightResult {
        try await relight(request, events: events)
    }

    private func render(_ source: DecodedImage, profile: LightingProfile, variation: Int) throws -> RelitImage {
        let plan = LightingPlan(profile: profile, variation: variation)
        let format = ImageFormat(profile.outputFormat)
        let data: [UInt8], width: Int, height: Int
        if let deep = source.deep, geometry(for: profile) == .source, ImageEncoder.keepsDeepPixels(format) {
            var pixels = deep
            engine.relight(&pixels, guide: source.pixels, plan: plan)
            data = try ImageEncoder.encode(pixels, as: format, quality: profile.outputQuality, metadata: source.metadata)
            (width, height) = (pixels.width, pixels.height)
        } else if format == .jpeg, geometry(for: profile) == .source, source.pixels.layout == .rgb {
            // Strip by strip from the relight into the encoder: the decoded source is neither copied nor changed.
            let pixels = source.pixels
            data = try JPEGStripWriter.encode(
                width: pixels.width, height: pixels.height, quality: profile.outputQuality, metadata: source.metadata
            ) { write throws(ImageCodecError) in try engine.relightStrips(pixels, plan: plan, write) }
            (width, height) = (pixels.width, pixels.height)
        } else {
            // JPEG has no alpha: the encoder composites it over white; the other formats keep it.
            var pixels = geometry(for: profile).apply(to: source.pixels, profile: profile)
            engine.relight(&pixels, plan: plan)
            data = try ImageEncoder.encode(pixels, as: format, quality: profile.outputQuality, metadata: source.metadata)
            (width, height) = (pixels.width, pixels.height)
        }
        return RelitImage(
            data: Data(data), format: profile.outputFormat, width: width, height: height,
            index: variation + 1, seed: plan.seed
        )
    }

    /// The geometry a request gets: the fixed one, or the profile's `deliver`.
    public func geometry(for profile: LightingProfile) -> OutputGeometry {
        geometry ?? (profile.deliver == .source ? .source : .profile)
    }

    /// Reads the source by its real bytes: the path may carry a name that is not UTF-8 (see ``PathBytes``).
    private static func read(_ path: String) throws -> [UInt8] {
        do throws(PathBytes.FileError) {
            return try PathBytes(path).contents()
        } catch where error.operation == "open" {
            throw LocalProviderError(path: path, reason: "the file cannot be opened; check that it exists and is readable")
        } catch {
            throw LocalProviderError(path: path, reason: "the file cannot be read (\(String(cString: strerror(error.errno))))")
        }
    }
}

extension ImageFormat {
    /// The codec format for a profile's `output_format`.
    public init(_ output: OutputFormat) {
        switch output {
        case .jpg: self = .jpeg
        case .png: self = .png
        case .webp: self = .webp
        case .tiff: self = .tiff
        }
    }
}
