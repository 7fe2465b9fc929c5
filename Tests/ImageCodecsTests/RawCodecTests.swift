import Foundation
import ImageCodecs
import ImagePixels
import ImageSniffing
import Testing

@Suite struct RawCodecTests {
    @Test func developsADNGWithCameraWhiteBalanceAt16Bits() throws {
        let files = try CameraFiles()
        defer { files.remove() }
        let bytes = try files.bytes(files.dng("photo.dng").lastPathComponent)
        #expect(ImageContent.sniff(bytes) == .dng)
        let header = try ImageDecoder.probe(bytes)
        #expect(header.format == .raw && header.content == .dng && header.bitsPerChannel == 16)
        #expect(header.width == 96 && header.height == 64)
        let decoded = try ImageDecoder.decode(bytes, options: DecodeOptions(keepDeepPixels: true))
        #expect(decoded.deep?.width == 96 && decoded.deep?.height == 64)
        #expect(decoded.decoder.contains("LibRaw") && decoded.decoder.contains("develop"))
        // The DNG holds a strong colour cast that only the camera white balance (AsShotNeutral) removes:
        // the developed photo has the source's colour balance (a ginger cat: red over green over blue).
        let reference = try ImageDecoder.decode(try Fixture.bytes("exif.jpg"), options: DecodeOptions(applyOrientation: false)).pixels
        let mean = channelMeans(decoded.pixels), want = channelMeans(reference)
        #expect(mean[0] > mean[1] && mean[1] > mean[2], "\(mean)")
        #expect(abs(mean[0] / mean[2] - want[0] / want[2]) < 0.35 * want[0] / want[2], "\(mean) vs \(want)")
    }

    @Test func followsTheCameraOrientationAndCarriesEXIF() throws {
        let files = try CameraFiles()
        defer { files.remove() }
        let url = try files.dng("rotated.dng", bits: 16, orientation: 6, extra: ["--gps", "48.8584,2.2945"])
        let decoded = try ImageDecoder.decode(try Data(contentsOf: url).map { $0 })
        #expect(decoded.header.width == 64 && decoded.header.height == 96)
        #expect(decoded.pixels.width == 64 && decoded.pixels.height == 96)
        #expect(decoded.metadata.orientation == 1)
        let jpeg = try ImageEncoder.encode(decoded.pixels, as: .jpeg, metadata: decoded.metadata)
        try Data(jpeg).write(to: files.url("out.jpg"))
        let tags = try files.exiftool(files.url("out.jpg"))
        #expect(tags["IFD0:Make"] == "Canon" && tags["IFD0:Model"] == "EOS R5")
        #expect(tags["ExifIFD:DateTimeOriginal"] == "2024:06:01 18:30:00")
        #expect(tags["ExifIFD:LensModel"] == "RF50mm F1.8 STM")
        #expect(tags["ExifIFD:ISO"] == "400")
        #expect(tags["IFD0:Copyright"] == "(c) 2024 Jane Doe")
        #expect(tags["GPS:GPSLatitude"] != nil)
        #expect(tags["IFD0:Orientation"] == "Horizontal (normal)")
        #expect(tags["ExifTool:Warning"] == nil, "\(tags["ExifTool:Warning"] ?? "")")
    }

    @Test func aRAWWithoutAnEXIFDirectoryGetsOneBuiltFromWhatLibRawRead() throws {
        let files = try CameraFiles()
        defer { files.remove() }
        let bytes = try files.bytes(files.dng("bare.dng", extra: ["--no-exif"]).lastPathComponent)
        let decoded = try ImageDecoder.decode(bytes)
        let jpeg = try ImageEncoder.encode(decoded.pixels, as: .jpeg, metadata: decoded.metadata)
        try Data(jpeg).write(to: files.url("out.jpg"))
        let tags = try files.exiftool(files.url("out.jpg"))
        #expect(tags["IFD0:Make"] == "Canon" && tags["IFD0:Model"] == "EOS R5")
        #expect(tags["ExifIFD:DateTimeOriginal"] == "2024:06:01 18:30:00")
        #expect(tags["IFD0:Artist"] == "Jane Doe")
        #expect(tags["IFD0:Copyright"] == "(c) 2024 Jane Doe")
        #expect(tags["ExifTool:Warning"] == nil, "\(tags["ExifTool:Warning"] ?? "")")
    }

    @Test func previewModeFallsBackToDevelopWithoutAFullSizePreview() throws {
        let files = try CameraFiles()
        defer { files.remove() }
        let bytes = try files.bytes(files.dng("photo.dng").lastPathComponent)
        let decoded = try ImageDecoder.decode(bytes, options: DecodeOptions(raw: .preview))
        #expect(decoded.decoder.contains("develop"))
        #expect(decoded.pixels.width == 96)
    }

    @Test func previewModeUsesAFullSizeEmbeddedJPEGTurnedUpright() throws {
        let files = try CameraFiles()
        defer { files.remove() }
        let bytes = try files.bytes(files.dng("preview.dng", orientation: 6, extra: ["--preview"]).lastPathComponent)
        let decoded = try ImageDecoder.decode(bytes, options: DecodeOptions(keepDeepPixels: true, raw: .preview))
        #expect(decoded.decoder.contains("preview"), "\(decoded.decoder)")
        #expect(decoded.deep == nil, "the preview has 8 bits")
        #expect(decoded.pixels.width == 64 && decoded.pixels.height == 96)
        #expect(decoded.metadata.exif != nil, "the RAW's EXIF, not the preview's")
        let developed = try ImageDecoder.decode(bytes)
        #expect(developed.decoder.contains("develop"))
        #expect(TestImages.meanDifference(decoded.pixels, developed.pixels) < 40, "the same photo either way")
    }

    @Test func badRAWsSayWhat() throws {
        let files = try CameraFiles()
        defer { files.remove() }
        try files.dng("cut.dng", size: "400x300", extra: ["--truncate", "60000"])
        let cut = try files.bytes("cut.dng")
        do {
            _ = try ImageDecoder.decode(cut)
            Issue.record("a truncated DNG decoded")
        } catch {
            #expect(error.code == .truncated || error.code == .corrupt, "\(error.message)")
            #expect(error.message.contains("DNG"), "\(error.message)")
        }
        var random = SystemRandomNumberGenerator()
        let noise = (0..<50_000).map { _ in UInt8.random(in: 0...255, using: &random) }
        do {
            _ = try ImageDecoder.decode(noise)
            Issue.record("random bytes decoded")
        } catch {
            #expect(error.code == .unsupported || error.code == .corrupt)
        }
        // Bytes that start like a CR3 (an ftyp box with the crx brand) and then are noise.
        let fakeCR3 = [0, 0, 0, 24] + Array("ftypcrx \0\0\0\u{1}crx isom".utf8) + noise
        #expect(ImageContent.sniff(fakeCR3) == .cr3)
        do {
            _ = try ImageDecoder.decode(fakeCR3)
            Issue.record("a fake CR3 decoded")
        } catch {
            #expect(error.code == .unsupported || error.code == .corrupt || error.code == .truncated)
            #expect(error.message.contains("CR3"), "\(error.message)")
        }
        let big = try files.bytes(files.dng("big.dng", size: "400x300").lastPathComponent)
        do {
            _ = try ImageDecoder.decode(big, options: DecodeOptions(maxPixels: 50_000))
            Issue.record("the pixel limit was not applied")
        } catch {
            #expect(error.code == .tooLarge)
        }
    }

    func channelMeans(_ image: PixelBuffer) -> [Double] {
        var sums = [0.0, 0.0, 0.0]
        for i in 0..<image.pixelCount {
            for c in 0..<3 { sums[c] += Double(image.bytes[i * image.channels + c]) }
        }
        return sums.map { $0 / Double(image.pixelCount) }
    }
}
