import Foundation
import ImageCodecs
import ImagePixels
import RelightPipeline
import StatusServer
import Testing

/// The slider's "after" side is something a browser shows: a TIFF output goes as a JPEG of its pixels.
@Suite struct ComparisonTests {
    @Test func aTIFFOutputIsServedAsJPEGAndAPNGAsWritten() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("compare-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var image = PixelBuffer(width: 64, height: 40, layout: .rgb)
        for i in 0..<image.bytes.count { image.bytes[i] = UInt8(i % 251) }
        let thumbnailer = Thumbnailer(stateDirectory: folder)
        for (format, type) in [(ImageFormat.tiff, "image/jpeg"), (.png, "image/png")] {
            let path = folder + "/out.\(format.fileExtension)"
            let written = try ImageEncoder.encode(image, as: format)
            try Data(written).write(to: URL(fileURLWithPath: path))
            var item = JournalItem(sourceSHA256: "aa", profile: "p", fingerprint: "f", sourcePath: "/in/a.jpg", watchPath: "/in", provider: "local", state: .done)
            item.id = 1
            item.outputs = [path]
            let after = try #require(await thumbnailer.comparisonAfter(of: item))
            #expect(after.contentType == type, "\(format)")
            let decoded = try ImageDecoder.decode([UInt8](after.data))
            #expect(decoded.pixels.width == 64 && decoded.pixels.height == 40)
            #expect((format == .png) == (after.data == Data(written)), "a PNG goes as written, a TIFF does not")
        }
    }
}
