import Foundation
import ImageCodecs
import ImagePixels
import RelightConfig
import RelightEngine
import Relighting
import Testing

@Suite(.timeLimit(.minutes(3))) struct LocalProviderTests {
    @Test func relightsAFileIntoEveryRequestedVariation() async throws {
        let provider = LocalProvider(threads: 2)
        let profile = Support.profile("golden hour", light: "Left Light", seed: 11, images: 3)
        let result = try await provider.relight(RelightRequest(sourcePath: Support.fixtureURL("portrait.jpg").path, profile: profile))
        try await provider.shutdown()
        #expect(result.model == "local-engine" && result.creditCost == 0)
        #expect(result.images.map(\.index) == [1, 2, 3])
        #expect(result.images.map(\.seed) == [11, 12, 13])
        #expect(Set(result.images.map(\.data)).count == 3, "variations differ")
        for image in result.images {
            #expect(image.format == .jpg && image.width == 256 && image.height == 256)
            let decoded = try ImageDecoder.decode([UInt8](image.data))
            #expect(decoded.format == .jpeg && decoded.pixels.width == 256)
        }
    }

    @Test func keepsAlphaInPNGAndWebPOutputs() async throws {
        let provider = LocalProvider(threads: 1, geometry: .source)
        for format in [OutputFormat.png, .webp] {
            let profile = Support.profile("neon", light: "Right Light", format: format)
            let result = try await provider.relight(RelightRequest(sourcePath: Support.fixtureURL("alpha.png").path, profile: profile))
            let decoded = try ImageDecoder.decode([UInt8](result.images[0].data))
            #expect(decoded.format == ImageFormat(format))
            #expect(decoded.pixels.layout == .rgba)
            #expect(decoded.pixels.pixel(x: 2, y: 2)[3] == 0 && decoded.pixels.pixel(x: 50, y: 2)[3] == 255)
        }
        try await provider.shutdown()
    }

    @Test func aBrokenSourceFailsWithTheCodecsReason() async throws {
        let folder = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let broken = folder.appendingPathComponent("broken.jpg")
        let bytes = try Support.fixture("portrait.jpg")
        try Data(bytes.prefix(bytes.count / 3)).write(to: broken)
        let provider = LocalProvider(threads: 1)
        await #expect(throws: LocalProviderError.self) {
            _ = try await provider.relight(RelightRequest(sourcePath: broken.path, profile: Support.profile("x")))
        }
        do {
            _ = try await provider.relight(RelightRequest(sourcePath: broken.path, profile: Support.profile("x")))
        } catch let error as LocalProviderError {
            #expect(error.cause?.code == .truncated)
            #expect(error.description.contains("broken.jpg"))
        }
        do {
            _ = try await provider.relight(RelightRequest(sourcePath: folder.appendingPathComponent("missing.jpg").path, profile: Support.profile("x")))
            Issue.record("a missing file relit")
        } catch let error as LocalProviderError {
            #expect(error.reason.contains("cannot be opened"))
        }
        try await provider.shutdown()
    }

    @Test func aBatchRunWritesNamedOutputsAndSkipsCorruptFiles() async throws {
        let folder = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let inbox = folder.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        try Data(try Support.fixture("portrait.jpg")).write(to: inbox.appendingPathComponent("portrait.jpg"))
        try Data(try Support.fixture("alpha.png")).write(to: inbox.appendingPathComponent("logo.webp"))  // a PNG, misnamed
        try Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00]).write(to: inbox.appendingPathComponent("broken.jpg"))
        try Data("notes".utf8).write(to: inbox.appendingPathComponent("notes.txt"))
        let out = folder.appendingPathComponent("relit").path

        var warm = Support.profile("golden hour", light: "Left Light")
        warm.name = "warm"
        var cool = Support.profile("blue hour", light: "Top Light", images: 2, format: .png)
        cool.name = "cool"
        let provider = LocalProvider(threads: 2)
        let report = await BatchRun(paths: [inbox.path], profiles: [warm, cool], outputDirectory: out).run(provider: provider)
        try await provider.shutdown()

        #expect(report.items.count == 6, "3 images × 2 profiles; notes.txt is not an image")
        #expect(!report.succeeded)
        let failures = report.items.filter { !$0.succeeded }
        #expect(failures.count == 2 && failures.allSatisfy { $0.source.hasSuffix("broken.jpg") })
        #expect(failures.allSatisfy { $0.failure?.contains("JPEG") == true })
        let written = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(written == [
            "logo_cool_1.png", "logo_cool_2.png", "logo_warm_1.jpg", "portrait_cool_1.png", "portrait_cool_2.png", "portrait_warm_1.jpg",
        ], "no temporary files are left behind")
        let decoded = try ImageDecoder.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: out + "/portrait_warm_1.jpg"))))
        #expect(decoded.pixels.width == 256)
    }

    @Test func aBatchOfGoodFilesSucceeds() async throws {
        let folder = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let provider = LocalProvider(threads: 1)
        let report = await BatchRun(
            paths: [Support.fixtureURL("portrait.jpg").path], profiles: [Support.profile("softbox")], outputDirectory: folder.path
        ).run(provider: provider)
        try await provider.shutdown()
        #expect(report.succeeded)
        #expect(report.items.first?.outputs.first?.hasSuffix("portrait_test_1.jpg") == true)
        let missing = BatchRun.expand([folder.appendingPathComponent("nope").path])
        #expect(missing.files.isEmpty && missing.problems.count == 1)
    }
}
