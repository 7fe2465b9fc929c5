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

    @Test func runExpandsFoldersToTheImagesInsideByContent() throws {
        let folder = try Support.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let inbox = folder.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try Data(try Support.fixture("portrait.jpg")).write(to: inbox.appendingPathComponent("portrait.jpg"))
        try Data(try Support.fixture("alpha.png")).write(to: inbox.appendingPathComponent("logo.webp"))  // a PNG, misnamed
        try Data(try Support.fixture("portrait.jpg")).write(to: inbox.appendingPathComponent(".hidden.jpg"))
        try Data("notes".utf8).write(to: inbox.appendingPathComponent("notes.txt"))
        let single = folder.appendingPathComponent("single.jpg")
        try Data(try Support.fixture("portrait.jpg")).write(to: single)
        let empty = folder.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)

        let (files, problems) = BatchRun.expand([inbox.path, single.path, empty.path, folder.appendingPathComponent("nope").path])
        #expect(files == [inbox.path + "/logo.webp", inbox.path + "/portrait.jpg", single.path])
        #expect(problems == [
            empty.path + ": the folder holds no images relight reads (JPEG, PNG, WebP, TIFF, HEIC/HEIF/AVIF or camera RAW)", folder.appendingPathComponent("nope").path + ": no such file or folder",
        ])
    }
}
