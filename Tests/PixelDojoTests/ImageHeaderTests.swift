import Foundation
import PixelDojo
import PresignedUpload
import Testing

/// Output sizes are read from the file headers; checked against what ImageMagick reports for real files.
struct ImageHeaderTests {
    static func fixture(_ name: String, _ ext: String) throws -> [UInt8] {
        Array(try Data(contentsOf: Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Fixtures")!))
    }

    @Test func readsJPEGAndPNGAndWebPSizes() throws {
        let jpeg = try #require(ImageHeader(try Self.fixture("rocket", "jpg")))
        #expect(jpeg.kind == .jpeg && jpeg.width == 640 && jpeg.height == 427)
        let png = try #require(ImageHeader(try Self.fixture("rocket", "png")))
        #expect(png.kind == .png && png.width == 160 && png.height == 107)
        let webp = try #require(ImageHeader(try Self.fixture("rocket", "webp")))
        #expect(webp.kind == .webp && webp.width == 160 && webp.height == 107)
        let lossless = try #require(ImageHeader(try Self.fixture("rocket-lossless", "webp")))
        #expect(lossless.kind == .webp && lossless.width == 160 && lossless.height == 107)
    }

    @Test func refusesNonImagesAndTruncatedHeaders() throws {
        #expect(ImageHeader(Array("GIF89a-not-supported".utf8)) == nil)
        #expect(ImageHeader(Array(try Self.fixture("rocket", "jpg").prefix(20))) == nil)
        #expect(ImageKind.sniff(Array("RIFF1234WAVE".utf8)) == nil)
    }
}
