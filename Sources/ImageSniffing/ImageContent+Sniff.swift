extension ImageContent {
    /// The kind whose signature starts `bytes`, or nil when relight does not read it.
    public static func sniff<Bytes: Collection>(_ bytes: Bytes) -> ImageContent? where Bytes.Element == UInt8 {
        if let found = bytes.withContiguousStorageIfAvailable({ sniff(UnsafeRawBufferPointer($0)) }) { return found }
        return Array(bytes.prefix(headerLength)).withUnsafeBytes { sniff($0) }
    }

    /// The same check on raw memory, without allocating (the watcher runs it for every settled file).
    public static func sniff(_ bytes: UnsafeRawBufferPointer) -> ImageContent? {
        let head = SniffBytes(bytes)
        if head.matches([0xFF, 0xD8, 0xFF], at: 0) { return .jpeg }
        if head.matches([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], at: 0) { return .png }
        if head.matches("RIFF", at: 0), head.matches("WEBP", at: 8) { return .webp }
        if head.matches("ftyp", at: 4) { return isoMedia(head) }
        if head.matches("FUJIFILMCCD-RAW", at: 0) { return .raf }
        if head.matches("FOVb", at: 0) { return .x3f }
        if head.matches([0x00, 0x4D, 0x52, 0x4D], at: 0) { return .mrw }
        if head.matches("II", at: 0), head.matches([0x1A, 0, 0, 0], at: 2), head.matches("HEAPCCDR", at: 6) { return .crw }
        // TIFF variants with their own magic number: Olympus ORF and Panasonic RW2.
        if head.matches("IIRO", at: 0) || head.matches("IIRS", at: 0) || head.matches("MMOR", at: 0) { return .orf }
        if head.matches([0x49, 0x49, 0x55, 0x00], at: 0) { return .rw2 }
        if head.matches([0x49, 0x49, 0x2A, 0x00], at: 0) || head.matches([0x4D, 0x4D, 0x00, 0x2A], at: 0) {
            return TIFFDirectoryPeek(head).content
        }
        return nil
    }

    /// HEIC, HEIF, AVIF or CR3 by the `ftyp` box's brands.
    private static func isoMedia(_ head: SniffBytes) -> ImageContent? {
        let boxSize = head.u32(at: 0, bigEndian: true).map(Int.init) ?? 0
        var brands: [String] = [head.string(at: 8, count: 4)]
        var offset = 16
        while offset + 4 <= min(boxSize, head.count) {
            brands.append(head.string(at: offset, count: 4))
            offset += 4
        }
        if brands[0] == "crx " { return .cr3 }
        if brands[0] == "avif" || brands[0] == "avis" { return .avif }
        if ["heic", "heix", "heim", "heis", "hevc", "hevx"].contains(brands[0]) { return .heic }
        if brands[0] == "mif1" || brands[0] == "msf1" {
            if brands.contains("avif") { return .avif }
            if brands.contains(where: { $0.hasPrefix("he") }) { return .heic }
            return .heif
        }
        if brands.contains("avif") { return .avif }
        if brands.contains("heic") || brands.contains("heix") { return .heic }
        if brands.contains("mif1") { return .heif }
        return nil
    }
}
