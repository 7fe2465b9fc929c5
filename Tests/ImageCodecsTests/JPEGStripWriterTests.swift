import ImageCodecs
import ImagePixels
import Testing

/// The strip-by-strip JPEG writer against the whole-image encoder: the same bytes, at every quality
/// setting that changes the encoder's path (4:2:0 below 90, 4:4:4 from 90, the accurate DCT from 96),
/// with strips that do not line up with the 8- and 16-row MCUs, and with metadata.
@Suite struct JPEGStripWriterTests {
    static func strips(_ image: PixelBuffer, quality: Int, rows: Int, metadata: ImageMetadata? = nil) throws -> [UInt8] {
        let writer = try JPEGStripWriter(width: image.width, height: image.height, quality: quality)
        try image.bytes.withUnsafeBufferPointer { (pixels) throws(ImageCodecError) in
            var top = 0
            while top < image.height {
                let count = min(rows, image.height - top)
                try writer.write(pixels.baseAddress! + top * image.width * 3, rows: count)
                top += count
            }
        }
        return try writer.finish(metadata: metadata)
    }

    @Test(arguments: [75, 90, 97])
    func stripsGiveTheWholeImageEncodersBytes(quality: Int) throws {
        let photo = try ImageDecoder.decode(try Fixture.bytes("portrait.jpg")).pixels
        // Odd sizes: the last MCU row and column are partial.
        let image = photo.cropped(x: 1, y: 2, width: photo.width - 3, height: photo.height - 5)
        let whole = try ImageEncoder.encode(image, as: .jpeg, quality: quality)
        for rows in [1, 7, 32, image.height] {
            let stripped = try Self.strips(image, quality: quality, rows: rows)
            let same = stripped == whole
            #expect(same, "quality \(quality), strips of \(rows) rows: \(stripped.count) bytes against \(whole.count)")
        }
        let decoded = try ImageDecoder.decode(try Self.strips(image, quality: quality, rows: 16)).pixels
        #expect(decoded.width == image.width && decoded.height == image.height)
        #expect(TestImages.meanDifference(decoded, image) < 6, "it is the photo")
    }

    @Test func metadataIsWrittenAsTheWholeImageEncoderWritesIt() throws {
        let source = try ImageDecoder.decode(try Fixture.bytes("exif.jpg"))
        #expect(source.metadata.iccProfile != nil && source.metadata.exif != nil)
        let whole = try ImageEncoder.encode(source.pixels, as: .jpeg, quality: 90, metadata: source.metadata)
        let stripped = try Self.strips(source.pixels, quality: 90, rows: 32, metadata: source.metadata)
        let same = stripped == whole
        #expect(same)
        let back = try ImageDecoder.decode(stripped)
        #expect(back.metadata.iccProfile == source.metadata.iccProfile)
        #expect(back.metadata.exif != nil)
    }

    @Test func tooManyRowsOrTooFewAreClearErrors() throws {
        let image = TestImages.gradient(width: 40, height: 20)
        let writer = try JPEGStripWriter(width: 40, height: 20, quality: 90)
        try image.bytes.withUnsafeBufferPointer { (pixels) throws(ImageCodecError) in
            try writer.write(pixels.baseAddress!, rows: 12)
            do throws(ImageCodecError) {
                try writer.write(pixels.baseAddress!, rows: 12)
                Issue.record("24 rows of a 20-row image were taken")
            } catch {
                #expect(error.message.contains("24 rows for an image 20 high"), "\(error.message)")
            }
        }
        do throws(ImageCodecError) {
            _ = try writer.finish()
            Issue.record("a JPEG with 12 of its 20 rows was finished")
        } catch {
            #expect(error.message.contains("12 of its 20 rows"), "\(error.message)")
        }
        #expect(throws: ImageCodecError.self) { try JPEGStripWriter(width: 0, height: 10, quality: 90) }
    }

    /// Noise at quality 100 outgrows the writer's first buffer (a byte a pixel): the bytes are still the whole-image
    /// encoder's, and a writer dropped half way after growing frees its buffer once (libjpeg's memory destination
    /// replaced its buffer as it grew, and a dropped writer freed the stale one: a double free, the daemon aborted).
    @Test func aGrowingOutputIsWholeAndAWriterDroppedHalfWayFreesItOnce() throws {
        var generator = SystemRandomNumberGenerator()
        var noise = PixelBuffer(width: 640, height: 480, layout: .rgb)
        for i in noise.bytes.indices { noise.bytes[i] = UInt8.random(in: 0...255, using: &generator) }
        let whole = try ImageEncoder.encode(noise, as: .jpeg, quality: 100)
        #expect(whole.count > 640 * 480 + 65536, "the output outgrows the first buffer: \(whole.count) bytes")
        let stripped = try Self.strips(noise, quality: 100, rows: 32)
        let same = stripped == whole
        #expect(same)
        for _ in 0..<3 {
            let writer = try JPEGStripWriter(width: noise.width, height: noise.height, quality: 100)
            try noise.bytes.withUnsafeBufferPointer { (pixels) throws(ImageCodecError) in
                try writer.write(pixels.baseAddress!, rows: noise.height * 3 / 4)
            }
        }
    }
}
