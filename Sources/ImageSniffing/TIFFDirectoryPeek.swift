/// Tells a camera RAW in a TIFF container (DNG, CR2, NEF, ARW, PEF…) from a plain TIFF by its first
/// directory: a DNG version tag, a colour filter array, or a camera maker whose first directory is
/// only a thumbnail with the real image in sub-directories. A TIFF exported by an editor names the
/// camera too, but its first directory is the full image: it stays a TIFF.
struct TIFFDirectoryPeek {
    private let head: SniffBytes
    private let bigEndian: Bool

    init(_ head: SniffBytes) {
        self.head = head
        bigEndian = head.matches("MM", at: 0)
    }

    var content: ImageContent {
        if head.matches("CR", at: 8), head.matches([0x02], at: 10) { return .cr2 }
        guard let ifd = head.u32(at: 4, bigEndian: bigEndian).map(Int.init), let count = head.u16(at: ifd, bigEndian: bigEndian) else {
            return .tiff
        }
        var make = "", hasSubIFDs = false, reducedResolution = false, cfa = false, dng = false, compression = 1
        for index in 0..<min(Int(count), 512) {
            let entry = ifd + 2 + index * 12
            guard let tag = head.u16(at: entry, bigEndian: bigEndian), let type = head.u16(at: entry + 2, bigEndian: bigEndian) else { break }
            let small = type == 3 ? head.u16(at: entry + 8, bigEndian: bigEndian).map(Int.init) : head.u32(at: entry + 8, bigEndian: bigEndian).map(Int.init)
            switch tag {
            case 0x00FE: reducedResolution = small.map { $0 & 1 == 1 } ?? false
            case 0x0103: compression = small ?? 1
            case 0x0106: cfa = small == 32803 || small == 34892
            case 0x010F: make = makeString(entry: entry)
            case 0x014A: hasSubIFDs = true
            case 0xC612: dng = true
            default: break
            }
        }
        if dng { return .dng }
        let maker = makerKind(make)
        if cfa { return maker ?? .raw }
        // Plain TIFF compressions: none, LZW, JPEG (old and new), deflate (two codes), PackBits.
        let plainCompression = [1, 5, 6, 7, 8, 32946, 32773].contains(compression)
        if let maker, hasSubIFDs || reducedResolution || !plainCompression { return maker }
        return .tiff
    }

    private func makeString(entry: Int) -> String {
        guard let count = head.u32(at: entry + 4, bigEndian: bigEndian).map(Int.init) else { return "" }
        if count <= 4 { return head.string(at: entry + 8, count: count) }
        guard let offset = head.u32(at: entry + 8, bigEndian: bigEndian).map(Int.init) else { return "" }
        return head.string(at: offset, count: min(count, 64))
    }

    private func makerKind(_ make: String) -> ImageContent? {
        let maker = make.uppercased()
        let table: [(String, ImageContent)] = [
            ("NIKON", .nef), ("SONY", .arw), ("CANON", .cr2), ("PENTAX", .pef), ("RICOH", .pef), ("SAMSUNG", .srw),
            ("PHASE ONE", .iiq), ("LEAF", .mos), ("MAMIYA", .mos), ("EPSON", .erf), ("KODAK", .dcr), ("HASSELBLAD", .threeFR),
            ("OLYMPUS", .orf), ("PANASONIC", .rw2), ("FUJIFILM", .raf), ("LEICA", .raw),
        ]
        return table.first { maker.hasPrefix($0.0) }?.1
    }
}
