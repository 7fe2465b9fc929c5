import Foundation
import ImageCodecs
import ImagePixels
import Testing

/// Issue 12: 16-bit sources keep their depth, and PNG and WebP outputs carry the ICC profile and EXIF.
@Suite struct DeepPixelTests {
    @Test func a16BitPNGKeepsAll16Bits() throws {
        let bytes = try Fixture.bytes("rgb16.png")
        #expect(try ImageDecoder.probe(bytes).bitsPerChannel == 16)
        let decoded = try ImageDecoder.decode(bytes, options: DecodeOptions(keepDeepPixels: true))
        let deep = try #require(decoded.deep)
        #expect(deep.width == 64 && deep.height == 48 && deep.layout == .rgb)
        #expect(!deep.fitsInEightBits, "a 16-bit gradient has levels between the 8-bit ones")
        #expect(decoded.pixels == deep.eightBit())
        // The same file read without deep pixels gives the same 8-bit rounding as before.
        #expect(try ImageDecoder.decode(bytes).pixels == decoded.pixels)
        #expect(try ImageDecoder.decode(bytes).deep == nil)
    }

    @Test func sixteenBitsRoundTripThroughPNGExactly() throws {
        for name in ["rgb16.png", "rgba16.png"] {
            let deep = try #require(try ImageDecoder.decode(try Fixture.bytes(name), options: DecodeOptions(keepDeepPixels: true)).deep)
            let encoded = try ImageEncoder.encode(deep, as: .png)
            let again = try #require(try ImageDecoder.decode(encoded, options: DecodeOptions(keepDeepPixels: true)).deep)
            #expect(again.layout == deep.layout)
            #expect(again.samples.elementsEqual(deep.samples), "\(name) changes in a 16-bit round trip")
        }
    }

    @Test func an8BitPNGHasNoDeepPixels() throws {
        let decoded = try ImageDecoder.decode(try Fixture.bytes("alpha.png"), options: DecodeOptions(keepDeepPixels: true))
        #expect(decoded.deep == nil)
        #expect(decoded.header.bitsPerChannel == 8)
    }

    @Test func a16BitImageInAn8BitFormatIsRounded() throws {
        let deep = try #require(try ImageDecoder.decode(try Fixture.bytes("rgb16.png"), options: DecodeOptions(keepDeepPixels: true)).deep)
        let jpeg = try ImageEncoder.encode(deep, as: .jpeg, quality: 100)
        let decoded = try ImageDecoder.decode(jpeg)
        #expect(decoded.pixels.width == 64 && decoded.header.bitsPerChannel == 8)
    }

    @Test func widenedAndRoundedAreInverse() {
        let bytes = (0..<(256 * 3)).map { UInt8($0 % 256) }
        let image = PixelBuffer(width: 256, height: 1, layout: .rgb, bytes: bytes)
        let wide = PixelBuffer16(image)
        #expect(wide.fitsInEightBits)
        #expect(wide.eightBit() == image)
    }

    @Test func pngAndWebPOutputsCarryICCAndEXIF() throws {
        let decoded = try ImageDecoder.decode(try Fixture.bytes("exif.jpg"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try MetadataTests().exiftool(Fixture.url("exif.jpg"))
        for (format, quality) in [(ImageFormat.png, 92), (.webp, 80), (.webp, 100)] {
            let encoded = try ImageEncoder.encode(decoded.pixels, as: format, quality: quality, metadata: decoded.metadata)
            let again = try ImageDecoder.decode(encoded)
            #expect(again.metadata.iccProfile == decoded.metadata.iccProfile, "\(format) keeps the ICC profile byte for byte")
            #expect(again.pixels.width == 64 && again.pixels.height == 96, "upright, and orientation 1 in the EXIF")
            let file = folder.appendingPathComponent("out-\(quality).\(format.fileExtension)")
            try Data(encoded).write(to: file)
            let tags = try MetadataTests().exiftool(file)
            for tag in ["ExifIFD:DateTimeOriginal", "IFD0:Copyright", "IFD0:Make", "IFD0:Model", "ICC_Profile:ProfileDescription"] {
                #expect(tags[tag] != nil && tags[tag] == source[tag], "\(format) q\(quality) \(tag): \(tags[tag] ?? "missing")")
            }
            #expect(tags["IFD0:Orientation"] == "Horizontal (normal)")
            #expect(tags["ExifTool:Warning"] == nil, "\(format): \(tags["ExifTool:Warning"] ?? "")")
        }
    }

    @Test func webPWithAlphaAndMetadataKeepsAlpha() throws {
        let decoded = try ImageDecoder.decode(try Fixture.bytes("alpha.png"))
        let withMetadata = try ImageEncoder.encode(
            decoded.pixels, as: .webp, quality: 100, metadata: ImageMetadata(iccProfile: try ImageDecoder.decode(try Fixture.bytes("exif.jpg")).metadata.iccProfile))
        let again = try ImageDecoder.decode(withMetadata)
        #expect(again.pixels.layout == .rgba)
        // Lossless WebP keeps alpha and every visible pixel (libwebp may zero the colour under alpha 0).
        let a = again.pixels.bytes, b = decoded.pixels.bytes
        var same = a.count == b.count
        for i in stride(from: 0, to: min(a.count, b.count), by: 4) where a[i + 3] != b[i + 3] || b[i + 3] != 0 {
            let visibleSame: Bool = a[i] == b[i] && a[i + 1] == b[i + 1] && a[i + 2] == b[i + 2]
            if a[i + 3] != b[i + 3] || !visibleSame { same = false }
        }
        #expect(same, "lossless WebP with an ICC chunk still decodes to the same visible pixels and alpha")
    }
}

/// A PNG whose embedded profile libpng knows as a slightly wrong sRGB (chelsea.png's) is written with it, not refused.
@Suite struct KnownProfileTests {
    @Test func aPNGWithAKnownIncorrectSRGBProfileIsStillWritten() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../examples/photos/chelsea.png").path
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let decoded = try ImageDecoder.decode(bytes)
        #expect(decoded.metadata.iccProfile != nil, "the fixture carries an ICC profile")
        let encoded = try ImageEncoder.encode(decoded.pixels, as: .png, metadata: decoded.metadata)
        let again = try ImageDecoder.decode(encoded)
        #expect(again.pixels == decoded.pixels)
        #expect(again.metadata.iccProfile == decoded.metadata.iccProfile)
    }
}
