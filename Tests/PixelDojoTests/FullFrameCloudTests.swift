import Crypto
import Foundation
import ImageCodecs
import ImagePixels
import RelightEngine
import PixelDojo
import RelightConfig
import Relighting
import Sandbox
import Testing

/// Issue 12: `deliver: source` through the cloud path against the sandbox, which answers with the
/// geometry the API would (its centre crop and size): the outputs still have the source's full
/// frame and pixel size, and only a small proxy goes up.
@Suite(.timeLimit(.minutes(5)))
struct FullFrameCloudTests {
    /// A `width`×`height` JPEG made from the fixture photo (ImageMagick, a test tool here).
    static func photo(width: Int, height: Int) throws -> String {
        let source = Bundle.module.url(forResource: "rocket", withExtension: "jpg", subdirectory: "Fixtures")!
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("relight-fullframe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("wide.jpg").path
        try convert([source.path, "-resize", "\(width)x\(height)!", "-quality", "92", path])
        return path
    }

    /// Runs ImageMagick's `convert` (a test tool here) with these arguments.
    static func convert(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["convert"] + arguments
        try process.run()
        process.waitUntilExit()
    }

    /// A job resumed after a restart loads the original again: if the file was replaced meanwhile, the model's
    /// result is not restored onto the new photo (that gave a ghosted blend of both, marked done).
    @Test func aJobResumedOntoAReplacedSourceIsRefused() async throws {
        let harness = try await CloudHarness.start { $0.engine = LocalSandboxEngine() }
        defer { Task { await harness.stop() } }
        let path = try Self.photo(width: 600, height: 400)
        let sent = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let sha = SHA256.hash(data: sent).map { String(format: "%02x", $0) }.joined()
        var profile = CloudHarness.profile()
        profile.deliver = .source
        let request = RelightRequest(sourcePath: path, sourceSHA256: sha, profile: profile)
        let jobID = JobIDBox()
        _ = try await harness.provider().relight(request) { event in
            if case .submitted(let id, _) = event { jobID.set(id) }
        }
        let id = try #require(jobID.get())
        // Replaced by another photo (mirrored) while the daemon was down.
        try Self.convert([path, "-flop", path])
        await #expect(throws: PixelDojoError.self) { _ = try await harness.provider().resume(jobID: id, request: request) { _ in } }
        do {
            _ = try await harness.provider().resume(jobID: id, request: request) { _ in }
        } catch {
            #expect("\(error)".contains("was replaced while its job was in flight"), "\(error)")
        }
        // The bytes that were sent: restored as before.
        try Data(sent).write(to: URL(fileURLWithPath: path))
        let resumed = try await harness.provider().resume(jobID: id, request: request) { _ in }
        #expect(resumed.delivered == .source)
    }

    @Test(arguments: ModelType.allCases)
    func everyModelGivesTheWholeFrameAtItsOwnSize(model: ModelType) async throws {
        let harness = try await CloudHarness.start { $0.engine = LocalSandboxEngine() }
        defer { Task { await harness.stop() } }
        // 1.7:1 is none of the API's listed ratios, so models that take only aspectRatio get a padded proxy.
        let path = try Self.photo(width: 1700, height: 1000)
        var profile = CloudHarness.profile()
        profile.modelType = model
        profile.width = 768
        profile.height = 768
        profile.deliver = .source
        let result = try await harness.provider().relight(RelightRequest(sourcePath: path, profile: profile))
        #expect(result.delivered == .source)
        let image = try #require(result.images.first)
        let header = try ImageDecoder.probe([UInt8](image.data))
        #expect(header.width == 1700 && header.height == 1000, "\(model): \(header.width)x\(header.height)")
        let stats = try await harness.stats()
        let original = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
        #expect(stats.largestUpload > 0 && stats.largestUpload < original, "a proxy went up, not the original: \(stats.largestUpload) of \(original)")

        // Not cropped: each corner has the light the same engine gives the whole frame at full size
        // (the sandbox relights with the local engine, at the API's geometry).
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let reference = try await LocalProvider(threads: 1, geometry: .source).relight(imageBytes: bytes, profile: profile)
        let expected = try ImageDecoder.decode([UInt8](try #require(reference.images.first).data)).pixels
        let output = try ImageDecoder.decode([UInt8](image.data)).pixels
        func mean(_ image: PixelBuffer, _ x0: Int, _ y0: Int) -> [Double] {
            var sum = [0.0, 0.0, 0.0]
            for y in y0..<(y0 + 60) { for x in x0..<(x0 + 60) { for k in 0..<3 { sum[k] += Double(image.pixel(x: x, y: y)[k]) } } }
            return sum.map { $0 / 3600 }
        }
        for (x, y) in [(10, 10), (1630, 10), (10, 930), (1630, 930)] {
            let a = mean(expected, x, y), b = mean(output, x, y)
            let difference = zip(a, b).map { abs($0 - $1) }.max() ?? 0
            #expect(difference < 30, "\(model) corner (\(x), \(y)): \(a) expected, \(b) restored")
        }
    }

    @Test func generatedKeepsTheAPIsGeometry() async throws {
        let harness = try await CloudHarness.start { $0.engine = LocalSandboxEngine() }
        defer { Task { await harness.stop() } }
        let path = try Self.photo(width: 1700, height: 1000)
        var profile = CloudHarness.profile()
        profile.width = 512
        profile.height = 768
        profile.highresScale = 1
        profile.deliver = .generated
        let result = try await harness.provider().relight(RelightRequest(sourcePath: path, profile: profile))
        #expect(result.delivered == .generated)
        let header = try ImageDecoder.probe([UInt8](try #require(result.images.first).data))
        #expect(header.width == 512 && header.height == 768, "\(header.width)x\(header.height)")
    }

    /// A 24 MP photo goes up as a proxy well under 1 MB and comes back 6000 × 4000.
    @Test func a24MegapixelPhotoGoesUpSmallAndComesBackFullSize() async throws {
        let harness = try await CloudHarness.start { $0.engine = LocalSandboxEngine() }
        defer { Task { await harness.stop() } }
        let path = try Self.photo(width: 6000, height: 4000)
        var profile = CloudHarness.profile()
        profile.deliver = .source
        let result = try await harness.provider().relight(RelightRequest(sourcePath: path, profile: profile))
        let header = try ImageDecoder.probe([UInt8](try #require(result.images.first).data))
        #expect(header.width == 6000 && header.height == 4000)
        let stats = try await harness.stats()
        #expect(stats.largestUpload < 1_000_000, "\(stats.largestUpload) bytes uploaded")
        // What the sidecar records: the bytes that went up.
        #expect(result.uploadedBytes == stats.uploadedBytes, "\(String(describing: result.uploadedBytes)) reported, \(stats.uploadedBytes) received")
    }

    /// A 16-bit PNG is restored at 16 bits: the output is a 16-bit PNG of the same size whose smooth
    /// gradient has more levels than 8 bits hold, with the source's alpha.
    @Test func a16BitSourceIsRestoredAt16Bits() async throws {
        let harness = try await CloudHarness.start { $0.engine = LocalSandboxEngine() }
        defer { Task { await harness.stop() } }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("relight-deep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("deep.png").path
        try Self.convert([
            "-size", "600x900", "gradient:#303030-#d0b090", "-rotate", "-90", "-alpha", "set",
            "-channel", "A", "-evaluate", "set", "80%", "+channel", "-depth", "16", "PNG64:" + path,
        ])
        var profile = CloudHarness.profile()
        profile.deliver = .source
        profile.outputFormat = .png
        let result = try await harness.provider().relight(RelightRequest(sourcePath: path, profile: profile))
        let decoded = try ImageDecoder.decode([UInt8](try #require(result.images.first).data), options: DecodeOptions(keepDeepPixels: true))
        let deep = try #require(decoded.deep, "the output is a 16-bit PNG")
        #expect(deep.width == 900 && deep.height == 600 && deep.layout == .rgba)
        let row = 300 * deep.width * 4
        let greens = Set(stride(from: row + 1, to: row + deep.width * 4, by: 4).map { deep.samples[$0] })
        #expect(greens.count > 256, "\(greens.count) distinct green levels in one row")
        let source = try #require(try ImageDecoder.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), options: DecodeOptions(keepDeepPixels: true)).deep)
        var alphaKept = source.samples.count == deep.samples.count
        for i in stride(from: 3, to: min(source.samples.count, deep.samples.count), by: 4) where source.samples[i] != deep.samples[i] { alphaKept = false }
        #expect(alphaKept, "alpha is the source's, sample for sample")
    }

    /// `deliver: generated` with `output_format: tiff`: the API is asked for PNG, and the output is a TIFF at the API's size.
    @Test func generatedTIFFIsMadeFromTheAPIsPNG() async throws {
        let harness = try await CloudHarness.start { $0.engine = LocalSandboxEngine() }
        defer { Task { await harness.stop() } }
        let path = try Self.photo(width: 900, height: 600)
        var profile = CloudHarness.profile()
        profile.width = 512
        profile.height = 512
        profile.highresScale = 1
        profile.deliver = .generated
        profile.outputFormat = .tiff
        let result = try await harness.provider().relight(RelightRequest(sourcePath: path, profile: profile))
        let image = try #require(result.images.first)
        #expect(image.format == .tiff)
        let decoded = try ImageDecoder.decode([UInt8](image.data))
        #expect(decoded.format == .tiff && decoded.pixels.width == 512 && decoded.pixels.height == 512)
    }
}

/// The job id a provider reported, from its events.
final class JobIDBox: @unchecked Sendable {
    private let lock = NSLock()
    private var id: String?
    func set(_ value: String) { lock.withLock { id = value } }
    func get() -> String? { lock.withLock { id } }
}
