import Foundation
import ImageCodecs
import ImagePixels
import Testing

@Suite struct TIFFCodecTests {
    /// The sample photo as TIFF with these ImageMagick options.
    func tiff(_ files: CameraFiles, _ name: String, _ options: [String]) throws -> [UInt8] {
        try files.run("convert", [CameraFiles.photo.path, "-auto-orient"] + options + [files.url(name).path])
        return try files.bytes(name)
    }

    @Test func readsEightAndSixteenBitsUncompressedLZWDeflateJPEGAndTiles() throws {
        let files = try CameraFiles()
        defer { files.remove() }
        let reference = try ImageDecoder.decode(try Fixture.bytes("exif.jpg")).pixels
        let cases: [(String, [String], Int)] = [
            ("plain.tif", ["-depth", "8", "-compress", "none"], 8),
            ("lzw.tif", ["-depth", "8", "-compress", "lzw"], 8),
            ("deflate16.tif", ["-depth", "16", "-compress", "zip"], 16),
            ("jpeg.tif", ["-depth", "8", "-compress", "jpeg", "-quality", "95"], 8),
            ("tiled.tif", ["-depth", "16", "-compress", "lzw", "-define", "tiff:tile-geometry=32x32"], 16),
            ("planar.tif", ["-depth", "8", "-interlace", "plane", "-compress", "lzw"], 8),
        ]
        for (name, options, bits) in cases {
            let bytes = try tiff(files, name, options)
            let header = try ImageDecoder.probe(bytes)
            #expect(header.format == .tiff && header.bitsPerChannel == bits, "\(name)")
            let decoded = try ImageDecoder.decode(bytes, options: DecodeOptions(keepDeepPixels: true))
            #expect(decoded.pixels.width == reference.width && decoded.pixels.height == reference.height, "\(name)")
            #expect((decoded.deep != nil) == (bits == 16), "\(name)")
            #expect(TestImages.meanDifference(decoded.pixels, reference) < (name == "jpeg.tif" ? 4 : 1.5), "\(name)")
        }
    }

    @Test func readsGrayAlphaAndOnlyTheFirstPage() throws {
        let files = try CameraFiles()
        defer { files.remove() }
        let gray = try ImageDecoder.decode(try tiff(files, "gray.tif", ["-colorspace", "Gray", "-depth", "16"]))
        #expect(gray.pixels.layout == .rgb)
        let p = gray.pixels.pixel(x: 10, y: 10)
        #expect(p[0] == p[1] && p[1] == p[2])

        let alpha = try ImageDecoder.decode(try tiff(files, "alpha.tif", ["-alpha", "set", "-channel", "A", "-evaluate", "set", "50%", "+channel"]))
        #expect(alpha.pixels.layout == .rgba)
        #expect(abs(Int(alpha.pixels.pixel(x: 5, y: 5)[3]) - 128) <= 1)

        try files.run("convert", ["-size", "40x30", "xc:red", files.url("red.tif").path])
        try files.run("convert", ["-size", "80x60", "xc:blue", files.url("blue.tif").path])
        try files.run("tiffcp", [files.url("red.tif").path, files.url("blue.tif").path, files.url("two.tif").path])
        let two = try ImageDecoder.decode(try files.bytes("two.tif"))
        #expect(two.pixels.width == 40 && two.pixels.height == 30)
        #expect(two.pixels.pixel(x: 0, y: 0) == [255, 0, 0])
    }

    @Test func readsPaletteAndCMYKThroughLibtiffsRGBAReader() throws {
        let files = try CameraFiles()
        defer { files.remove() }
        try files.run("convert", ["-size", "60x40", "xc:red", "xc:lime", "xc:blue", "+append", "-type", "Palette", files.url("palette.tif").path])
        let palette = try ImageDecoder.decode(try files.bytes("palette.tif"))
        #expect(palette.pixels.width == 180 && palette.pixels.layout == .rgb)
        #expect(palette.pixels.pixel(x: 10, y: 10) == [255, 0, 0] && palette.pixels.pixel(x: 150, y: 10) == [0, 0, 255])
        let cmyk = try ImageDecoder.decode(try tiff(files, "cmyk.tif", ["-colorspace", "CMYK"]))
        #expect(cmyk.pixels.width == 64 && cmyk.pixels.height == 96)
    }

    @Test func appliesTheTIFFOrientation() throws {
        let files = try CameraFiles()
        defer { files.remove() }
        // The upright photo (64×96) stored turned left as 96×64, with orientation 6 (turn right to view).
        let bytes = try tiff(files, "rotated.tif", ["-rotate", "-90", "-orient", "RightTop"])
        let decoded = try ImageDecoder.decode(bytes)
        #expect(decoded.header.width == 96 && decoded.header.height == 64)
        #expect(decoded.pixels.width == 64 && decoded.pixels.height == 96)
        let upright = try ImageDecoder.decode(try Fixture.bytes("exif.jpg")).pixels
        #expect(TestImages.meanDifference(decoded.pixels, upright) < 2)
    }

    @Test func writesSixteenBitDeflateWithICCAndEXIF() throws {
        let files = try CameraFiles()
        defer { files.remove() }
        var deep = PixelBuffer16(width: 300, height: 200, layout: .rgb)
        for i in 0..<deep.samples.count { deep.samples[i] = UInt16(truncatingIfNeeded: i &* 7919) }
        let source = try ImageDecoder.decode(try Fixture.bytes("exif.jpg"))
        let bytes = try ImageEncoder.encode(deep, as: .tiff, metadata: source.metadata)
        try Data(bytes).write(to: files.url("out.tif"))
        let back = try ImageDecoder.decode(bytes, options: DecodeOptions(keepDeepPixels: true))
        #expect(back.deep?.width == 300 && back.deep?.height == 200)
        #expect(back.deep?.samples.elementsEqual(deep.samples) == true, "16 bits survive exactly")

        let info = try files.run("tiffinfo", [files.url("out.tif").path])
        #expect(info.contains("Bits/Sample: 16"))
        #expect(info.contains("AdobeDeflate"))
        let tags = try files.exiftool(files.url("out.tif"))
        for tag in ["ExifIFD:DateTimeOriginal", "IFD0:Make", "IFD0:Model", "IFD0:Copyright", "ICC_Profile:ProfileDescription"] {
            #expect(tags[tag] != nil, "\(tag) is carried")
        }
        #expect(tags["IFD0:Make"] == "Canon")
        #expect(tags["IFD0:Orientation"] == "Horizontal (normal)")
        #expect(tags["ExifTool:Warning"] == nil, "\(tags["ExifTool:Warning"] ?? "")")
        #expect(tags["IFD0:ImageWidth"] == "300")
    }

    @Test func writesEightBitRGBA() throws {
        let image = TestImages.gradient(width: 64, height: 48, layout: .rgba)
        let bytes = try ImageEncoder.encode(image, as: .tiff)
        let back = try ImageDecoder.decode(bytes)
        #expect(back.pixels.layout == .rgba)
        #expect(TestImages.maxDifference(back.pixels, image) == 0)
        #expect(ImageEncoder.keepsDeepPixels(.tiff))
    }

    @Test func badTIFFsSayWhy() throws {
        let files = try CameraFiles()
        defer { files.remove() }
        let bytes = try tiff(files, "cut.tif", ["-depth", "16", "-compress", "none"])
        do {
            _ = try ImageDecoder.decode(Array(bytes.prefix(bytes.count / 2)))
            Issue.record("a TIFF cut in half decoded")
        } catch {
            #expect(error.code == .truncated || error.code == .corrupt)
            #expect(error.message.contains("TIFF"), "\(error.message)")
        }
        do {
            _ = try ImageDecoder.decode(bytes, options: DecodeOptions(maxPixels: 1000))
            Issue.record("the pixel limit was not applied")
        } catch {
            #expect(error.code == .tooLarge)
        }
        let wide = try tiff(files, "wide.tif", ["-depth", "32"])
        do {
            _ = try ImageDecoder.decode(wide)
            Issue.record("a 32-bit TIFF decoded")
        } catch {
            #expect(error.code == .unsupported)
            #expect(error.message.contains("32-bit"), "\(error.message)")
        }
    }
}
