@testable import ImageCodecs
import Testing

/// The bounds of what reading a TIFF directory may cost, whatever the file says.
struct TIFFStructureTests {
    /// 1999 entries all pointing at one 256 KB blob: a 786 KB file whose values would copy out to 500 MB
    /// (a crafted TIFF made `relight run` peak at 1.6 GB). A directory copies at most 16 MB of values.
    @Test func entriesSharingOneBlobCopyABoundedAmount() {
        let entries = 1999, blob = 256 << 10
        let directory = 8, blobStart = directory + 2 + entries * 12 + 4
        var bytes = [UInt8](repeating: 0, count: blobStart + blob)
        func put32(_ value: Int, at offset: Int) { for i in 0..<4 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) } }
        func put16(_ value: Int, at offset: Int) { for i in 0..<2 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) } }
        bytes[0] = 0x49; bytes[1] = 0x49; put16(42, at: 2); put32(directory, at: 4)
        put16(entries, at: directory)
        for index in 0..<entries {
            let position = directory + 2 + index * 12
            put16(0x8000 + index, at: position)   // private tags
            put16(7, at: position + 2)            // UNDEFINED: bytes
            put32(blob, at: position + 4)
            put32(blobStart, at: position + 8)
        }
        let read = bytes.withUnsafeBytes { raw in TIFFStructure(raw)?.entries(at: directory) ?? [] }
        let copied = read.reduce(0) { $0 + $1.value.count }
        #expect(copied <= TIFFStructure.directoryBytes, "\(copied) bytes copied")
        #expect(read.count == TIFFStructure.directoryBytes / blob, "entries up to the bound are kept")
    }
}
