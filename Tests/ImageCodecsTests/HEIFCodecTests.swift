import Foundation
import ImageCodecs
import ImagePixels
import ImageSniffing
import Testing

@Suite struct HEIFCodecTests {
    @Test func decodesAHEICFromHeifEncWithItsEXIF() throws {
        let files = try CameraFiles()
        defer { files.remove() }
        try files.run("heif-enc", ["-q", "90", "-o", files.url("photo.heic").path, CameraFiles.photo.path])
        let bytes = try files.bytes("photo.heic")
        #expect(ImageContent.sniff(bytes) == .heic)
        let decoded = try ImageDecoder.decode(bytes)
        #expect(decoded.format == .heif && decoded.header.content == .heic)
        #expect(decoded.decoder.hasPrefix("libheif"))
        // heif-enc stores the JPEG's pixels as they are (no irot): HEIF ignores the EXIF orientation.
        #expect(decoded.pixels.width == 96 && decoded.pixels.height == 64)
        #expect(decoded.metadata.orientation == 1)
        let reference = try ImageDecoder.decode(try Fixture.bytes("exif.jpg"), options: DecodeOptions(applyOrientation: false)).pixels
        #expect(TestImages.meanDifference(decoded.pixels, reference) < 6)
        let jpeg = try ImageEncoder.encode(decoded.pixels, as: .jpeg, metadata: decoded.metadata)
        try Data(jpeg).write(to: files.url("out.jpg"))
        let tags = try files.exiftool(files.url("out.jpg"))
        #expect(tags["ExifIFD:DateTimeOriginal"] == "2024:06:01 18:30:00")
        #expect(tags["IFD0:Model"] == "EOS R5")
        #expect(tags["IFD0:Orientation"] == "Horizontal (normal)")
    }

    /// An iPhone describes Display P3 with an `nclx` box, not an ICC profile: the photo is read as
    /// carrying the P3 profile (so outputs are tagged with it, and exiftool reads its primaries); an
    /// nclx that says sRGB needs no profile.
    @Test func anNCLXDisplayP3PhotoCarriesAP3Profile() throws {
        let files = try CameraFiles()
        defer { files.remove() }
        let image = try ImageDecoder.decode(try Fixture.bytes("portrait.jpg")).pixels.resized(width: 96, height: 64)
        try HEICWriter.write(image, orientation: 1, exif: nil, primaries: 12, to: files.url("p3.heic").path)
        try HEICWriter.write(image, orientation: 1, exif: nil, primaries: 1, to: files.url("srgb.heic").path)

        let p3 = try ImageDecoder.decode(try files.bytes("p3.heic"))
        let icc = try #require(p3.metadata.iccProfile, "a profile for the nclx")
        let jpeg = try ImageEncoder.encode(p3.pixels, as: .jpeg, metadata: p3.metadata)
        try Data(jpeg).write(to: files.url("out.jpg"))
        let tags = try files.exiftool(files.url("out.jpg"))
        #expect(tags["ICC_Profile:ProfileDescription"]?.contains("Display P3") == true, "\(tags)")
        // P3's red primary, adapted to D50 as ICC stores it (Apple's Display P3 profile: 0.5151 0.2412 -0.0011).
        let red = (tags["ICC_Profile:RedMatrixColumn"] ?? "").split(separator: " ").compactMap { Double($0) }
        #expect(red.count == 3 && abs(red[0] - 0.5151) < 0.002 && abs(red[1] - 0.2412) < 0.002, "\(tags["ICC_Profile:RedMatrixColumn"] ?? "none")")
        #expect(icc.count > 300)
        #expect(try ImageDecoder.decode(try files.bytes("srgb.heic")).metadata.iccProfile == nil, "sRGB needs no profile")
    }

    @Test func appliesIrotAndKeepsAlpha() throws {
        let files = try CameraFiles()
        defer { files.remove() }
        let source = try ImageDecoder.decode(try Fixture.bytes("exif.jpg"), options: DecodeOptions(applyOrientation: false))
        try HEICWriter.write(source.pixels, orientation: 6, exif: nil, to: files.url("rotated.heic").path)
        let rotated = try ImageDecoder.decode(try files.bytes("rotated.heic"))
        #expect(rotated.header.width == 64 && rotated.header.height == 96, "irot 90° swaps the size")
        #expect(rotated.pixels.width == 64 && rotated.pixels.height == 96)
        let upright = source.pixels.applyingOrientation(6)
        #expect(TestImages.meanDifference(rotated.pixels, upright) < 6)

        try files.run("convert", [
            "-size", "64x48", "xc:orange", "-alpha", "set", "(", "-size", "32x48", "xc:none", "-size", "32x48", "xc:white", "+append", ")",
            "-compose", "copy_opacity", "-composite", "PNG32:" + files.url("alpha.png").path,
        ])
        try files.run("heif-enc", ["-q", "90", "-o", files.url("alpha.heic").path, files.url("alpha.png").path])
        let alpha = try ImageDecoder.decode(try files.bytes("alpha.heic"))
        try #require(alpha.pixels.layout == .rgba)
        #expect(alpha.pixels.pixel(x: 4, y: 20)[3] < 16)
        #expect(alpha.pixels.pixel(x: 60, y: 20)[3] > 240)
    }

    @Test func tenBitHEICDecodesToSixteenBitsWhenAsked() throws {
        let files = try CameraFiles()
        defer { files.remove() }
        try files.run("convert", [CameraFiles.photo.path, "-depth", "16", "PNG48:" + files.url("deep.png").path])
        try files.run("heif-enc", ["-b", "10", "-q", "90", "-o", files.url("deep.heic").path, files.url("deep.png").path])
        let bytes = try files.bytes("deep.heic")
        #expect(try ImageDecoder.probe(bytes).bitsPerChannel == 16)
        let decoded = try ImageDecoder.decode(bytes, options: DecodeOptions(keepDeepPixels: true))
        let deep = try #require(decoded.deep)
        #expect(deep.width == 96 && deep.height == 64)
        #expect(!deep.fitsInEightBits, "10-bit samples are more than a widened byte")
        let plain = try ImageDecoder.decode(bytes)
        #expect(plain.deep == nil && TestImages.maxDifference(plain.pixels, decoded.pixels) == 0)
    }

    @Test func decodesAVIFWhenThisLibheifCan() throws {
        let files = try CameraFiles()
        defer { files.remove() }
        try files.run("heif-enc", ["-A", "-q", "90", "-o", files.url("photo.avif").path, CameraFiles.photo.path])
        let bytes = try files.bytes("photo.avif")
        #expect(ImageContent.sniff(bytes) == .avif)
        let decoded = try ImageDecoder.decode(bytes)
        #expect(decoded.header.content == .avif && decoded.pixels.width == 96)
    }

    @Test func aHEICCutInHalfSaysSo() throws {
        let files = try CameraFiles()
        defer { files.remove() }
        try files.run("convert", [CameraFiles.photo.path, "-resize", "400x300!", files.url("big.png").path])
        try files.run("heif-enc", ["-q", "90", "-o", files.url("big.heic").path, files.url("big.png").path])
        let bytes = try files.bytes("big.heic")
        do {
            _ = try ImageDecoder.decode(Array(bytes.prefix(bytes.count / 2)))
            Issue.record("half a HEIC decoded")
        } catch {
            #expect(error.code == .truncated || error.code == .corrupt)
            #expect(error.message.contains("HEIC"), "\(error.message)")
        }
        do {
            _ = try ImageDecoder.decode(bytes, options: DecodeOptions(maxPixels: 10_000))
            Issue.record("the pixel limit was not applied")
        } catch {
            #expect(error.code == .tooLarge)
        }
    }
}
