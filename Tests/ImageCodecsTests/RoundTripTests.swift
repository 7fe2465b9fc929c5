import ImageCodecs
import ImagePixels
import Testing

@Suite struct RoundTripTests {
    @Test func sniffsByContent() throws {
        #expect(ImageFormat.sniff(try Fixture.bytes("portrait.jpg")) == .jpeg)
        #expect(ImageFormat.sniff(try Fixture.bytes("alpha.png")) == .png)
        let webp = try ImageEncoder.encode(TestImages.gradient(), as: .webp, quality: 80)
        #expect(ImageFormat.sniff(webp) == .webp)
        #expect(ImageFormat.sniff(Array("GIF89a......".utf8)) == nil)
        #expect(ImageFormat.sniff([0xFF, 0xD8]) == nil)
        #expect(ImageFormat.sniff([UInt8]()) == nil)
    }

    @Test func pngKeepsRGBExactly() throws {
        let source = TestImages.gradient()
        let decoded = try ImageDecoder.decode(try ImageEncoder.encode(source, as: .png))
        #expect(decoded.format == .png)
        #expect(decoded.pixels == source)
    }

    @Test func pngKeepsAlphaExactly() throws {
        let source = TestImages.gradient(layout: .rgba)
        let decoded = try ImageDecoder.decode(try ImageEncoder.encode(source, as: .png))
        #expect(decoded.pixels.layout == .rgba)
        #expect(decoded.pixels == source)
    }

    @Test func losslessWebPKeepsRGBAndAlphaExactly() throws {
        for layout in [PixelLayout.rgb, .rgba] {
            let source = TestImages.gradient(layout: layout)
            let decoded = try ImageDecoder.decode(try ImageEncoder.encode(source, as: .webp, quality: 100))
            #expect(decoded.format == .webp)
            #expect(decoded.pixels.layout == layout)
            // libwebp may rewrite the colour of fully transparent pixels; every visible pixel is exact.
            var mismatches = 0
            for i in 0..<source.pixelCount where layout == .rgb || source.bytes[i * 4 + 3] > 0 {
                let c = layout.channels
                if decoded.pixels.bytes[(i * c)..<(i * c + c)] != source.bytes[(i * c)..<(i * c + c)] { mismatches += 1 }
            }
            #expect(mismatches == 0)
        }
    }

    @Test func lossyWebPStaysClose() throws {
        let source = TestImages.gradient(width: 128, height: 96)
        let decoded = try ImageDecoder.decode(try ImageEncoder.encode(source, as: .webp, quality: 90))
        #expect(decoded.pixels.width == 128 && decoded.pixels.height == 96)
        #expect(TestImages.meanDifference(decoded.pixels, source) < 3)
    }

    @Test func jpegStaysCloseAndQualityMatters() throws {
        let source = TestImages.gradient(width: 128, height: 96)
        let high = try ImageEncoder.encode(source, as: .jpeg, quality: 95)
        let low = try ImageEncoder.encode(source, as: .jpeg, quality: 20)
        #expect(low.count < high.count)
        let decoded = try ImageDecoder.decode(high)
        #expect(decoded.format == .jpeg && decoded.pixels.layout == .rgb)
        #expect(TestImages.meanDifference(decoded.pixels, source) < 2)
    }

    @Test func jpegFlattensAlphaOverWhite() throws {
        let decoded = try ImageDecoder.decode(try Fixture.bytes("alpha.png"))
        #expect(decoded.pixels.layout == .rgba)
        #expect(decoded.pixels.pixel(x: 2, y: 2)[3] == 0)
        #expect(decoded.pixels.pixel(x: 50, y: 2) == [255, 128, 0, 255])
        let jpeg = try ImageDecoder.decode(try ImageEncoder.encode(decoded.pixels, as: .jpeg, quality: 95))
        #expect(jpeg.pixels.layout == .rgb)
        #expect(jpeg.pixels.pixel(x: 4, y: 24).allSatisfy { $0 > 245 }, "transparent becomes white")
        let orange = jpeg.pixels.pixel(x: 50, y: 24)
        #expect(orange[0] > 240 && abs(Int(orange[1]) - 128) < 8 && orange[2] < 12)
    }

    @Test func grayscaleJPEGBecomesRGB() throws {
        let decoded = try ImageDecoder.decode(try Fixture.bytes("gray.jpg"))
        #expect(decoded.pixels.layout == .rgb)
        #expect(decoded.pixels.width == 48 && decoded.pixels.height == 64)
        let left = decoded.pixels.pixel(x: 1, y: 30), right = decoded.pixels.pixel(x: 46, y: 30)
        #expect(left[0] == left[1] && left[1] == left[2])
        #expect(abs(Int(left[0]) - Int(right[0])) > 200, "the ramp survives")
    }

    @Test func cmykJPEGBecomesRGB() throws {
        let decoded = try ImageDecoder.decode(try Fixture.bytes("cmyk.jpg"))
        #expect(decoded.pixels.layout == .rgb)
        #expect(decoded.metadata.iccProfile == nil)
        let expected: [(Int, Int, [Int])] = [(5, 5, [255, 0, 0]), (60, 5, [0, 255, 0]), (5, 40, [0, 0, 255]), (60, 40, [255, 255, 255])]
        for (x, y, rgb) in expected {
            let pixel = decoded.pixels.pixel(x: x, y: y).map(Int.init)
            #expect(zip(pixel, rgb).allSatisfy { abs($0 - $1) < 24 }, "(\(x),\(y)) is \(pixel), expected \(rgb)")
        }
    }

    @Test func sixteenBitPNGBecomesEightBit() throws {
        let decoded = try ImageDecoder.decode(try Fixture.bytes("rgb16.png"))
        #expect(decoded.pixels.layout == .rgb)
        #expect(decoded.pixels.width == 64 && decoded.pixels.height == 48)
        let left = decoded.pixels.pixel(x: 0, y: 10), right = decoded.pixels.pixel(x: 63, y: 10)
        #expect(left[0] < 8 && right[0] > 247, "red ramp")
        #expect(abs(Int(left[2]) - 128) <= 2 && abs(Int(right[2]) - 128) <= 2, "blue at half")
    }
}

@Suite struct PNGLayoutTests {
    @Test func grayscaleBecomesRGB() throws {
        let decoded = try ImageDecoder.decode(try Fixture.bytes("gray.png"))
        #expect(decoded.pixels.layout == .rgb)
        let left = decoded.pixels.pixel(x: 0, y: 20), right = decoded.pixels.pixel(x: 63, y: 20)
        #expect(left[0] == left[1] && left[1] == left[2] && left[0] < 8 && right[0] > 247)
    }

    @Test func grayWithAlphaKeepsItsAlpha() throws {
        let decoded = try ImageDecoder.decode(try Fixture.bytes("gray-alpha.png"))
        #expect(decoded.pixels.layout == .rgba)
        let right = decoded.pixels.pixel(x: 63, y: 20)
        #expect(right[0] == right[1] && right[0] > 247)
        #expect(abs(Int(right[3]) - 128) <= 1)
    }

    @Test func paletteBecomesRGB() throws {
        let decoded = try ImageDecoder.decode(try Fixture.bytes("palette.png"))
        #expect(decoded.pixels.pixel(x: 5, y: 5).prefix(3) == [255, 0, 0])
        #expect(decoded.pixels.pixel(x: 58, y: 5).prefix(3) == [0, 0, 255])
    }

    @Test func sixteenBitRGBAKeepsAlphaAndRoundTrips() throws {
        let decoded = try ImageDecoder.decode(try Fixture.bytes("rgba16.png"))
        #expect(decoded.pixels.layout == .rgba)
        let right = decoded.pixels.pixel(x: 63, y: 20)
        #expect(right[0] > 247 && right[1] < 8 && abs(Int(right[3]) - 64) <= 1)
        // Our own PNG and lossless WebP keep this 8-bit RGBA exactly.
        #expect(try ImageDecoder.decode(try ImageEncoder.encode(decoded.pixels, as: .png)).pixels == decoded.pixels)
        let webp = try ImageDecoder.decode(try ImageEncoder.encode(decoded.pixels, as: .webp, quality: 100))
        #expect(webp.pixels == decoded.pixels)
    }
}

@Suite struct ScaledDecodeTests {
    @Test func jpegDecodesAtTheSmallestSufficientDCTScale() throws {
        let jpeg = try Fixture.bytes("portrait.jpg")  // 256×256
        #expect(try ImageDecoder.decode(jpeg, options: DecodeOptions(minimumScale: 0.5)).pixels.width == 128)
        #expect(try ImageDecoder.decode(jpeg, options: DecodeOptions(minimumScale: 0.3)).pixels.width == 128)
        #expect(try ImageDecoder.decode(jpeg, options: DecodeOptions(minimumScale: 0.2)).pixels.width == 64)
        #expect(try ImageDecoder.decode(jpeg, options: DecodeOptions(minimumScale: 0.01)).pixels.width == 32)
        #expect(try ImageDecoder.decode(jpeg, options: DecodeOptions(minimumScale: 0.6)).pixels.width == 256)
        // The scaled image is the same picture: compare with a full decode averaged 2×2.
        let full = try ImageDecoder.decode(jpeg).pixels
        let half = try ImageDecoder.decode(jpeg, options: DecodeOptions(minimumScale: 0.5)).pixels
        var difference = 0
        for y in 0..<128 {
            for x in 0..<128 {
                let average = (Int(full.pixel(x: 2 * x, y: 2 * y)[1]) + Int(full.pixel(x: 2 * x + 1, y: 2 * y)[1])
                    + Int(full.pixel(x: 2 * x, y: 2 * y + 1)[1]) + Int(full.pixel(x: 2 * x + 1, y: 2 * y + 1)[1])) / 4
                difference += abs(average - Int(half.pixel(x: x, y: y)[1]))
            }
        }
        #expect(Double(difference) / Double(128 * 128) < 4)
    }

    @Test func otherFormatsIgnoreTheScale() throws {
        let png = try ImageEncoder.encode(TestImages.gradient(), as: .png)
        #expect(try ImageDecoder.decode(png, options: DecodeOptions(minimumScale: 0.1)).pixels.width == 64)
    }
}
