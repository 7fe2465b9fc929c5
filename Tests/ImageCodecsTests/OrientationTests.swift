import ImageCodecs
import ImagePixels
import Testing

@Suite struct OrientationTests {
    /// 4×3 blocks of 16 px, each a distinct colour, so any rotation or mirror is detectable.
    static let palette: [[UInt8]] = [
        [255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 0],
        [255, 0, 255], [0, 255, 255], [255, 255, 255], [0, 0, 0],
        [128, 0, 0], [0, 128, 0], [0, 0, 128], [128, 128, 128],
    ]

    static func blocks() -> PixelBuffer {
        var image = PixelBuffer(width: 64, height: 48, layout: .rgb)
        for y in 0..<48 {
            for x in 0..<64 {
                let colour = palette[(y / 16) * 4 + x / 16]
                for c in 0..<3 { image.bytes[(y * 64 + x) * 3 + c] = colour[c] }
            }
        }
        return image
    }

    /// A JPEG of `blocks()` carrying an EXIF APP1 whose only tag is Orientation = `orientation`.
    static func jpeg(orientation: Int, littleEndian: Bool = false) throws -> [UInt8] {
        let plain = try ImageEncoder.encode(blocks(), as: .jpeg, quality: 100)
        let tiff: [UInt8] = littleEndian
            ? [
                0x49, 0x49, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00,  // little-endian TIFF, IFD0 at 8
                0x01, 0x00,  // one entry
                0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, UInt8(orientation), 0x00, 0x00, 0x00,
                0x00, 0x00, 0x00, 0x00,  // no IFD1
            ]
            : [
                0x4D, 0x4D, 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08,  // big-endian TIFF, IFD0 at 8
                0x00, 0x01,  // one entry
                0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, UInt8(orientation), 0x00, 0x00,
                0x00, 0x00, 0x00, 0x00,  // no IFD1
            ]
        let payload = Array("Exif".utf8) + [0, 0] + tiff
        let length = payload.count + 2
        return Array(plain[0..<2]) + [0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + payload + Array(plain[2...])
    }

    /// The block grid as an upright viewer shows it, derived from the EXIF definitions by grid operations.
    static func expectedGrid(_ orientation: Int) -> [[Int]] {
        let grid = (0..<3).map { row in (0..<4).map { row * 4 + $0 } }
        func flipH(_ g: [[Int]]) -> [[Int]] { g.map { $0.reversed() } }
        func flipV(_ g: [[Int]]) -> [[Int]] { g.reversed() }
        func rotateCW(_ g: [[Int]]) -> [[Int]] {
            (0..<g[0].count).map { r in (0..<g.count).map { c in g[g.count - 1 - c][r] } }
        }
        switch orientation {
        case 2: return flipH(grid)
        case 3: return flipV(flipH(grid))
        case 4: return flipV(grid)
        case 5: return flipH(rotateCW(grid))
        case 6: return rotateCW(grid)
        case 7: return flipV(rotateCW(grid))
        case 8: return rotateCW(rotateCW(rotateCW(grid)))
        default: return grid
        }
    }

    @Test(arguments: 1...8)
    func bakesInEveryOrientation(orientation: Int) throws {
        let decoded = try ImageDecoder.decode(try Self.jpeg(orientation: orientation))
        #expect(decoded.metadata.orientation == 1, "the pixels are now upright")
        let grid = Self.expectedGrid(orientation)
        #expect(decoded.pixels.height == grid.count * 16 && decoded.pixels.width == grid[0].count * 16)
        for (row, ids) in grid.enumerated() {
            for (column, id) in ids.enumerated() {
                let pixel = decoded.pixels.pixel(x: column * 16 + 8, y: row * 16 + 8).map(Int.init)
                let expected = Self.palette[id].map(Int.init)
                #expect(zip(pixel, expected).allSatisfy { abs($0 - $1) < 10 }, "orientation \(orientation) block (\(column),\(row))")
            }
        }
    }

    @Test func readsLittleEndianEXIFToo() throws {
        let decoded = try ImageDecoder.decode(try Self.jpeg(orientation: 8, littleEndian: true))
        #expect(decoded.pixels.width == 48 && decoded.pixels.height == 64)
        let topLeft = decoded.pixels.pixel(x: 8, y: 8).map(Int.init)
        let expected = Self.palette[Self.expectedGrid(8)[0][0]].map(Int.init)
        #expect(zip(topLeft, expected).allSatisfy { abs($0 - $1) < 10 })
    }

    @Test func aJPEGOutputOfARotatedSourceSaysOrientationOne() throws {
        let decoded = try ImageDecoder.decode(try Self.jpeg(orientation: 6, littleEndian: true))
        let output = try ImageEncoder.encode(decoded.pixels, as: .jpeg, quality: 95, metadata: decoded.metadata)
        let again = try ImageDecoder.decode(output, options: DecodeOptions(applyOrientation: false))
        #expect(again.metadata.exif != nil)
        #expect(again.metadata.orientation == 1)
        #expect(again.pixels.width == 48 && again.pixels.height == 64)
    }

    @Test func leavesOrientationAloneWhenAsked() throws {
        let decoded = try ImageDecoder.decode(try Self.jpeg(orientation: 6), options: DecodeOptions(applyOrientation: false))
        #expect(decoded.metadata.orientation == 6)
        #expect(decoded.pixels.width == 64 && decoded.pixels.height == 48)
    }
}
