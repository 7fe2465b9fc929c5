import Foundation
import ImageCodecs
import ImagePixels
import Testing

@Suite struct BadInputTests {
    func code(_ bytes: [UInt8], options: DecodeOptions = DecodeOptions()) -> ImageCodecError.Code? {
        do {
            _ = try ImageDecoder.decode(bytes, options: options)
            return nil
        } catch {
            #expect(!error.message.isEmpty)
            return error.code
        }
    }

    /// A 230-byte TIFF whose header claims 3221225472 × 3221225472 pixels (libtiff opens it): the pixel
    /// count overflows 64 bits, which trapped and took the daemon down with it. It is refused instead.
    @Test func aTIFFClaimingAnImpossibleSizeIsRefused() throws {
        let bytes = try Fixture.bytes("huge-dimensions.tif")
        #expect(code(bytes) == .tooLarge)
        do {
            _ = try ImageDecoder.decode(bytes)
        } catch {
            #expect(error.message.contains("3221225472"), "\(error.message)")
        }
    }

    @Test func zeroBytesIsTruncated() {
        #expect(code([]) == .truncated)
    }

    @Test func textIsUnsupportedWhateverItsName() throws {
        #expect(code(Array("just some notes, not a photo\n".utf8)) == .unsupported)
    }

    @Test func truncatedFilesSayTruncated() throws {
        let jpeg = try Fixture.bytes("portrait.jpg")
        #expect(code(Array(jpeg.prefix(jpeg.count / 2))) == .truncated)
        #expect(code(Array(jpeg.prefix(20))) == .truncated)
        let png = try ImageEncoder.encode(TestImages.gradient(width: 128, height: 96), as: .png)
        #expect(code(Array(png.prefix(png.count / 2))) == .truncated)
        let webp = try ImageEncoder.encode(TestImages.gradient(width: 128, height: 96), as: .webp, quality: 80)
        let webpCode = code(Array(webp.prefix(webp.count / 2)))
        #expect(webpCode == .truncated)
    }

    @Test func corruptDataIsRefused() throws {
        var jpeg = try Fixture.bytes("portrait.jpg")
        // Destroy the frame header's marker: no SOF before the scan.
        for i in 2..<(jpeg.count - 1) where jpeg[i] == 0xFF && jpeg[i + 1] == 0xC0 {
            jpeg[i + 1] = 0xCF
            break
        }
        let jpegCode = code(jpeg)
        #expect(jpegCode == .corrupt || jpegCode == .unsupported)
        var png = try ImageEncoder.encode(TestImages.gradient(), as: .png)
        for i in 40..<min(png.count - 20, 80) { png[i] ^= 0x5A }  // inside IDAT: CRC and zlib fail
        let pngCode = code(png)
        #expect(pngCode == .corrupt || pngCode == .truncated)
        #expect(code([0xFF, 0xD8, 0xFF] + [UInt8](repeating: 0x42, count: 4000)) != nil)
    }

    @Test func wrongExtensionStillDecodesByContent() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("codecs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("really-a-png.jpg")
        try Data(try ImageEncoder.encode(TestImages.gradient(), as: .png)).write(to: file)
        let decoded = try ImageDecoder.decode([UInt8](try Data(contentsOf: file)))
        #expect(decoded.format == .png)
        #expect(decoded.pixels == TestImages.gradient())
    }

    @Test func hugePNGHeaderIsRefusedBeforeAllocating() throws {
        let bytes = CraftedHeaders.png(width: 100_000, height: 100_000)
        let header = try ImageDecoder.probe(bytes)
        #expect(header.width == 100_000 && header.height == 100_000)
        // 10^10 RGB pixels would need 30 GB: reaching the allocation would crash the test process.
        do {
            _ = try ImageDecoder.decode(bytes)
            Issue.record("decoded a 100,000×100,000 image")
        } catch {
            #expect(error.code == .tooLarge)
            #expect(error.message.contains("100000×100000"))
            #expect(error.message.contains("100 MP"))
        }
    }

    @Test func hugeJPEGAndWebPHeadersAreRefused() throws {
        #expect(code(CraftedHeaders.jpeg(width: 65_000, height: 65_000)) == .tooLarge)
        #expect(code(CraftedHeaders.webp(width: 16_000, height: 16_000)) == .tooLarge)
    }

    @Test func thePixelLimitIsConfigurable() throws {
        let jpeg = try Fixture.bytes("portrait.jpg")  // 256×256
        #expect(code(jpeg, options: DecodeOptions(maxPixels: 256 * 255)) == .tooLarge)
        #expect(code(jpeg, options: DecodeOptions(maxPixels: 256 * 256)) == nil)
    }
}

/// Headers that announce enormous images, with no pixel data behind them.
enum CraftedHeaders {
    static func png(width: UInt32, height: UInt32) -> [UInt8] {
        var ihdr = Array("IHDR".utf8)
        ihdr += bigEndian(width) + bigEndian(height) + [8, 2, 0, 0, 0]  // 8-bit RGB
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        bytes += bigEndian(13) + ihdr + bigEndian(crc32(ihdr))
        let idat = Array("IDAT".utf8) + [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]
        bytes += bigEndian(UInt32(idat.count - 4)) + idat + bigEndian(crc32(idat))
        let iend = Array("IEND".utf8)
        bytes += bigEndian(0) + iend + bigEndian(crc32(iend))
        return bytes
    }

    static func jpeg(width: UInt16, height: UInt16) -> [UInt8] {
        var bytes: [UInt8] = [0xFF, 0xD8]
        // DQT with one all-ones table.
        bytes += [0xFF, 0xDB, 0x00, 0x43, 0x00] + [UInt8](repeating: 1, count: 64)
        // SOF0: 8-bit, height, width, one component.
        bytes += [0xFF, 0xC0, 0x00, 0x0B, 0x08, UInt8(height >> 8), UInt8(height & 0xFF), UInt8(width >> 8), UInt8(width & 0xFF), 0x01, 0x01, 0x11, 0x00]
        // Minimal DHT (DC table 0 with one code) and SOS.
        bytes += [0xFF, 0xC4, 0x00, 0x14, 0x00] + [1] + [UInt8](repeating: 0, count: 15) + [0]
        bytes += [0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]
        bytes += [UInt8](repeating: 0, count: 64) + [0xFF, 0xD9]
        return bytes
    }

    static func webp(width: Int, height: Int) -> [UInt8] {
        // VP8X extended header: canvas size minus one, 24-bit little-endian.
        var vp8x = Array("VP8X".utf8) + littleEndian(10) + [0, 0, 0, 0]
        vp8x += [UInt8((width - 1) & 0xFF), UInt8(((width - 1) >> 8) & 0xFF), UInt8((width - 1) >> 16)]
        vp8x += [UInt8((height - 1) & 0xFF), UInt8(((height - 1) >> 8) & 0xFF), UInt8((height - 1) >> 16)]
        // A tiny lossless bitstream header for the same size (VP8L), with no data after it.
        let w = UInt32(width - 1), h = UInt32(height - 1)
        let bits = w | (h << 14)
        let vp8l = Array("VP8L".utf8) + littleEndian(5) + [0x2F] + littleEndian(bits) + [0]
        let body = Array("WEBP".utf8) + vp8x + vp8l
        return Array("RIFF".utf8) + littleEndian(UInt32(body.count)) + body
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    static func littleEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF), UInt8((value >> 16) & 0xFF), UInt8(value >> 24)]
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return crc ^ 0xFFFF_FFFF
    }
}
