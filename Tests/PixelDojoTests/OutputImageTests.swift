import Foundation
@testable import PixelDojo
import RelightConfig
import Relighting
import Testing

/// Downloaded outputs get their format and size from their headers; checked against what
/// ImageMagick reports for the same real files.
struct OutputImageTests {
    static func fixture(_ name: String, _ ext: String) throws -> [UInt8] {
        Array(try Data(contentsOf: Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Fixtures")!))
    }

    @Test func readsJPEGAndPNGAndWebPSizes() throws {
        let jpeg = try CloudProvider.relitImage(try Self.fixture("rocket", "jpg"), index: 1, seed: 7, jobID: "j")
        #expect(jpeg.format == .jpg && jpeg.width == 640 && jpeg.height == 427 && jpeg.index == 1 && jpeg.seed == 7)
        let png = try CloudProvider.relitImage(try Self.fixture("rocket", "png"), index: 2, seed: nil, jobID: "j")
        #expect(png.format == .png && png.width == 160 && png.height == 107 && png.index == 2)
        let webp = try CloudProvider.relitImage(try Self.fixture("rocket", "webp"), index: 1, seed: nil, jobID: "j")
        #expect(webp.format == .webp && webp.width == 160 && webp.height == 107)
        let lossless = try CloudProvider.relitImage(try Self.fixture("rocket-lossless", "webp"), index: 1, seed: nil, jobID: "j")
        #expect(lossless.format == .webp && lossless.width == 160 && lossless.height == 107)
    }

    @Test func refusesNonImagesAndTruncatedHeaders() throws {
        #expect(throws: PixelDojoError.self) { try CloudProvider.relitImage(Array("GIF89a-not-supported".utf8), index: 1, seed: nil, jobID: "j") }
        let cut = Array(try Self.fixture("rocket", "jpg").prefix(20))
        do {
            _ = try CloudProvider.relitImage(cut, index: 3, seed: nil, jobID: "job-9")
            Issue.record("a truncated JPEG has no size")
        } catch {
            #expect(error.kind == .notAnImage && error.message.contains("Output 3 of job job-9"))
        }
    }
}
