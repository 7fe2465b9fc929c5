import Foundation
import ImageCodecs
import ImagePixels
import Testing

/// The strip-by-strip JPEG reader against the whole-image decoder: the same bytes for every kind of JPEG a
/// camera or an editor writes (chroma 4:2:0, 4:2:2, 4:4:4, grayscale, progressive, restart markers, odd
/// sizes), whatever the strip height; and the same errors for a file cut short or broken.
@Suite struct JPEGStripReaderTests {
    static func strips(_ bytes: [UInt8], rows: Int) throws -> PixelBuffer {
        try JPEGStripReader.read(bytes) { (reader) throws(ImageCodecError) -> PixelBuffer in
            var pixels = [UInt8](repeating: 0, count: reader.width * reader.height * 3)
            try pixels.withUnsafeMutableBufferPointer { (buffer) throws(ImageCodecError) in
                while reader.rowsRead < reader.height {
                    let count = min(rows, reader.height - reader.rowsRead)
                    try reader.read(into: buffer.baseAddress! + reader.rowsRead * reader.width * 3, rows: count)
                }
            }
            return PixelBuffer(width: reader.width, height: reader.height, layout: .rgb, bytes: pixels)
        }
    }

    /// The whole-image decoder's stored image: the strip reader leaves EXIF orientation to its caller.
    static func stored(_ bytes: [UInt8]) throws -> PixelBuffer {
        var options = DecodeOptions()
        options.applyOrientation = false
        return try ImageDecoder.decode(bytes, options: options).pixels.flattened()
    }

    /// JPEG variants made from a real photo with ImageMagick, cropped to sizes that leave partial MCUs.
    static let variants: [(name: String, options: [String])] = [
        ("420.jpg", ["-crop", "301x203+5+7", "+repage", "-sampling-factor", "2x2", "-quality", "85"]),
        ("422.jpg", ["-crop", "299x201+0+0", "+repage", "-sampling-factor", "2x1", "-quality", "92"]),
        ("444.jpg", ["-crop", "300x200+3+1", "+repage", "-sampling-factor", "1x1", "-quality", "97"]),
        ("progressive.jpg", ["-crop", "257x131+9+9", "+repage", "-interlace", "JPEG", "-quality", "88"]),
        ("restarts.jpg", ["-crop", "290x190+2+2", "+repage", "-define", "jpeg:restart-interval=3", "-quality", "90"]),
        ("gray.jpg", ["-crop", "250x170+1+1", "+repage", "-colorspace", "Gray", "-quality", "90"]),
    ]

    @Test func everyKindOfJPEGGivesTheWholeImageDecodersBytes() throws {
        let files = try CameraFiles()
        defer { files.remove() }
        for variant in Self.variants {
            try files.run("convert", [CameraFiles.photo.path] + variant.options + [files.url(variant.name).path])
            let bytes = try files.bytes(variant.name)
            let whole = try Self.stored(bytes)
            #expect(whole.layout == .rgb)
            for rows in [1, 7, 16, 32, whole.height] {
                let stripped = try Self.strips(bytes, rows: rows)
                let same = stripped.bytes == whole.bytes
                #expect(stripped.width == whole.width && stripped.height == whole.height && same, "\(variant.name), strips of \(rows) rows")
            }
        }
    }

    @Test func theCommittedPhotosToo() throws {
        for name in ["portrait.jpg", "exif.jpg", "gray.jpg"] {
            let bytes = try Fixture.bytes(name)
            let whole = try Self.stored(bytes)
            let same = try Self.strips(bytes, rows: 32).bytes == whole.bytes
            #expect(same, "\(name)")
        }
    }

    @Test func aFileCutShortIsTruncatedAndBrokenDataIsCorrupt() throws {
        let bytes = try Fixture.bytes("portrait.jpg")
        let cut = Array(bytes.prefix(bytes.count * 2 / 3))
        #expect(throws: ImageCodecError.self) { _ = try Self.strips(cut, rows: 16) }
        do {
            _ = try Self.strips(cut, rows: 16)
        } catch let error as ImageCodecError {
            #expect(error.code == .truncated, "\(error.message)")
            #expect(error.message.contains("cut short"))
        }
        // No image data at all: refused at the start, with the reason.
        let headerOnly = Array(bytes.prefix(200))
        #expect(!JPEGStripReader.canRead(headerOnly))
        #expect(!JPEGStripReader.canRead([]))
    }

    @Test func cmykIsLeftToTheWholeImageDecoder() throws {
        #expect(!JPEGStripReader.canRead(try Fixture.bytes("cmyk.jpg")))
        #expect(JPEGStripReader.canRead(try Fixture.bytes("portrait.jpg")))
        #expect(throws: ImageCodecError.self) { try JPEGStripReader.read(try Fixture.bytes("cmyk.jpg")) { _ in } }
    }

    @Test func aReaderKeptPastItsReadRefusesToDecode() throws {
        let escaped = try JPEGStripReader.read(try Fixture.bytes("portrait.jpg")) { $0 }
        var row = [UInt8](repeating: 0, count: escaped.width * 3)
        #expect(throws: ImageCodecError.self) {
            try row.withUnsafeMutableBufferPointer { (buffer) throws(ImageCodecError) in try escaped.read(into: buffer.baseAddress!, rows: 1) }
        }
    }

    @Test func readingPastTheLastRowIsAClearError() throws {
        let bytes = try Fixture.bytes("portrait.jpg")
        #expect(throws: ImageCodecError.self) {
            try JPEGStripReader.read(bytes) { (reader) throws(ImageCodecError) in
                var row = [UInt8](repeating: 0, count: reader.width * 3 * 2)
                try row.withUnsafeMutableBufferPointer { (buffer) throws(ImageCodecError) in
                    for _ in 0..<reader.height { try reader.read(into: buffer.baseAddress!, rows: 1) }
                    try reader.read(into: buffer.baseAddress!, rows: 1)
                }
            }
        }
    }
}
