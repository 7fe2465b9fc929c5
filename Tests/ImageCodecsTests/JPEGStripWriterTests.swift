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

    /// A pass that fails half way (a corrupt original, a full disk) drops its writer unfinished, after the
    /// encoder has outgrown its first output buffer: nothing may be freed twice, and the next JPEG is whole.
    @Test func aWriterDroppedHalfWayFreesItsBufferOnce() throws {
        let photo = try ImageDecoder.decode(try Fixture.bytes("portrait.jpg")).pixels
        for _ in 0..<3 {
            let writer = try JPEGStripWriter(width: photo.width, height: photo.height, quality: 95)
            try photo.bytes.withUnsafeBufferPointer { (pixels) throws(ImageCodecError) in
                try writer.write(pixels.baseAddress!, rows: photo.height / 2)
            }
        }
        let whole = try Self.strips(photo, quality: 95, rows: 64)
        #expect(try ImageDecoder.decode(whole).pixels.width == photo.width)
    }
}
