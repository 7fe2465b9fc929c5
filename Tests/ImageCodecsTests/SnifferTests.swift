import Foundation
import ImageCodecs
import ImageSniffing
import Testing

@Suite struct SnifferTests {
    /// A TIFF header with one directory holding these LONG tags, and an ASCII Make.
    func tiff(bigEndian: Bool = false, tags: [(UInt16, UInt32)], make: String? = nil) -> [UInt8] {
        func u16(_ v: UInt16) -> [UInt8] { bigEndian ? [UInt8(v >> 8), UInt8(v & 0xFF)] : [UInt8(v & 0xFF), UInt8(v >> 8)] }
        func u32(_ v: UInt32) -> [UInt8] {
            let high = u16(UInt16(v >> 16)), low = u16(UInt16(v & 0xFFFF))
            return bigEndian ? high + low : low + high
        }
        let makeBytes: [UInt8] = make.map { Array($0.utf8) + [0] } ?? []
        let count = tags.count + (make == nil ? 0 : 1)
        let dataAt = 8 + 2 + count * 12 + 4
        var out: [UInt8] = bigEndian ? [0x4D, 0x4D] : [0x49, 0x49]
        out += u16(42)
        out += u32(8)
        out += u16(UInt16(count))
        for (tag, value) in tags {
            out += u16(tag)
            out += u16(4)
            out += u32(1)
            out += u32(value)
        }
        if make != nil {
            out += u16(0x010F)
            out += u16(2)
            out += u32(UInt32(makeBytes.count))
            out += u32(UInt32(dataAt))
        }
        out += u32(0)
        return out + makeBytes
    }

    @Test func knowsEveryFormatByContent() throws {
        #expect(ImageContent.sniff(try Fixture.bytes("portrait.jpg")) == .jpeg)
        #expect(ImageContent.sniff(try Fixture.bytes("alpha.png")) == .png)
        #expect(ImageContent.sniff(Array("RIFF\u{10}\0\0\0WEBPVP8 ".utf8)) == .webp)
        #expect(ImageContent.sniff(Array("RIFF\u{10}\0\0\0WAVEfmt ".utf8)) == nil)
        #expect(ImageContent.sniff(Array("FUJIFILMCCD-RAW 0201".utf8)) == .raf)
        #expect(ImageContent.sniff(Array("IIRO\u{8}\0\0\0".utf8)) == .orf)
        #expect(ImageContent.sniff([0x49, 0x49, 0x55, 0, 8, 0, 0, 0]) == .rw2)
        #expect(ImageContent.sniff(Array("GIF89a......".utf8)) == nil)
        #expect(ImageContent.sniff([UInt8]()) == nil)
    }

    @Test func tellsISOMediaBrandsApart() {
        func ftyp(_ major: String, _ compatible: [String]) -> [UInt8] {
            let size = 16 + 4 * compatible.count
            return [0, 0, 0, UInt8(size)] + Array("ftyp\(major)".utf8) + [0, 0, 0, 0] + compatible.flatMap { Array($0.utf8) }
        }
        #expect(ImageContent.sniff(ftyp("heic", ["mif1", "heic"])) == .heic)
        #expect(ImageContent.sniff(ftyp("mif1", ["mif1", "heic"])) == .heic)
        #expect(ImageContent.sniff(ftyp("avif", ["mif1", "avif"])) == .avif)
        #expect(ImageContent.sniff(ftyp("mif1", ["mif1", "miaf", "avif"])) == .avif)
        #expect(ImageContent.sniff(ftyp("mif1", ["mif1"])) == .heif)
        #expect(ImageContent.sniff(ftyp("crx ", ["crx ", "isom"])) == .cr3)
        #expect(ImageContent.sniff(ftyp("isom", ["isom", "mp41"])) == nil, "an MP4 video is not an image")
        #expect(ImageContent.cr3.family == .raw && ImageContent.avif.family == .heif)
    }

    @Test func tellsTIFFBasedRAWsFromPlainTIFF() {
        #expect(ImageContent.sniff(tiff(tags: [(0x0100, 64), (0x0106, 2)])) == .tiff)
        #expect(ImageContent.sniff(tiff(tags: [(0x0100, 64), (0xC612, 0x0104)])) == .dng)
        #expect(ImageContent.sniff(tiff(tags: [(0x00FE, 1), (0x014A, 300)], make: "NIKON CORPORATION")) == .nef)
        #expect(ImageContent.sniff(tiff(bigEndian: true, tags: [(0x00FE, 1), (0x014A, 300)], make: "NIKON CORPORATION")) == .nef)
        #expect(ImageContent.sniff(tiff(tags: [(0x00FE, 1), (0x014A, 300)], make: "SONY")) == .arw)
        #expect(ImageContent.sniff(tiff(tags: [(0x0106, 32803)], make: "PENTAX")) == .pef)
        // An editor's export names the camera but holds the full image in its first directory.
        #expect(ImageContent.sniff(tiff(tags: [(0x0103, 8), (0x0106, 2)], make: "NIKON CORPORATION")) == .tiff)
        let canon = Array("II".utf8) + [42, 0, 16, 0, 0, 0] + Array("CR".utf8) + [2, 0, 0, 0, 0, 0]
        #expect(ImageContent.sniff(canon) == .cr2)
        // Only the first bytes of a TIFF: it cannot be told from a RAW, so it counts as a TIFF (a supported image).
        #expect(ImageContent.sniff(Array("II*\0".utf8) + [8, 0, 0, 0]) == .tiff)
    }

    @Test func codecsAndSnifferAgree() throws {
        #expect(ImageFormat.sniff(try Fixture.bytes("portrait.jpg")) == .jpeg)
        #expect(ImageFormat.sniff(tiff(tags: [(0xC612, 0x0104)])) == .raw)
        #expect(ImageFormat.sniff(tiff(tags: [(0x0106, 2)])) == .tiff)
    }
}
