/// Reads and writes the application segments of a JPEG stream (EXIF in APP1, ICC in APP2) in Swift,
/// so no libjpeg error handler (and its `longjmp`) is involved.
enum JPEGMarkers {
    static let exifPrefix: [UInt8] = Array("Exif".utf8) + [0, 0]
    static let iccPrefix: [UInt8] = Array("ICC_PROFILE".utf8) + [0]

    /// The EXIF (TIFF) block and the reassembled ICC profile found before the first scan.
    static func metadata(in bytes: [UInt8]) -> (exif: [UInt8]?, icc: [UInt8]?) {
        var exif: [UInt8]?
        var iccChunks: [Int: [UInt8]] = [:]
        var iccCount = 0
        var i = 2
        while i + 4 <= bytes.count {
            guard bytes[i] == 0xFF else { break }
            let marker = bytes[i + 1]
            if marker == 0xFF { i += 1; continue }  // fill byte
            if marker == 0xD8 || (0xD0...0xD7).contains(marker) || marker == 0x01 { i += 2; continue }
            if marker == 0xDA || marker == 0xD9 { break }  // start of scan or end of image
            let length = Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            let start = i + 4
            let end = i + 2 + length
            guard length >= 2, end <= bytes.count else { break }
            let payload = bytes[start..<end]
            if marker == 0xE1, exif == nil, payload.starts(with: exifPrefix) {
                exif = Array(payload.dropFirst(exifPrefix.count))
            } else if marker == 0xE2, payload.starts(with: iccPrefix), payload.count > iccPrefix.count + 2 {
                let sequence = Int(payload[start + iccPrefix.count])
                iccCount = Int(payload[start + iccPrefix.count + 1])
                iccChunks[sequence] = Array(payload.dropFirst(iccPrefix.count + 2))
            }
            i = end
        }
        var icc: [UInt8]?
        if iccCount > 0, (1...iccCount).allSatisfy({ iccChunks[$0] != nil }) {
            icc = (1...iccCount).flatMap { iccChunks[$0]! }
        }
        return (exif, icc)
    }

    /// `jpeg` with APP1 (EXIF) and APP2 (ICC) segments inserted after SOI and any JFIF APP0.
    /// Generic so that an encoder's own buffer is copied once, with the segments, not once before them.
    static func inserting<Bytes: RandomAccessCollection<UInt8>>(exif: [UInt8]?, icc: [UInt8]?, into jpeg: Bytes) -> [UInt8]
    where Bytes.Index == Int {
        guard exif != nil || icc != nil, jpeg.count > 4 else { return Array(jpeg) }
        var insertAt = 2
        if jpeg[2] == 0xFF, jpeg[3] == 0xE0, jpeg.count > 6 {
            insertAt = 4 + (Int(jpeg[4]) << 8 | Int(jpeg[5]))
        }
        var segments: [UInt8] = []
        if let exif, exif.count + exifPrefix.count + 2 <= 0xFFFF {
            appendSegment(marker: 0xE1, payload: exifPrefix + exif, to: &segments)
        }
        if let icc, !icc.isEmpty {
            let chunkSize = 0xFFFF - 2 - iccPrefix.count - 2
            let count = (icc.count + chunkSize - 1) / chunkSize
            if count <= 255 {
                for index in 0..<count {
                    let chunk = icc[(index * chunkSize)..<min(icc.count, (index + 1) * chunkSize)]
                    appendSegment(marker: 0xE2, payload: iccPrefix + [UInt8(index + 1), UInt8(count)] + chunk, to: &segments)
                }
            }
        }
        var out = [UInt8]()
        out.reserveCapacity(jpeg.count + segments.count)
        out.append(contentsOf: jpeg[0..<insertAt])
        out.append(contentsOf: segments)
        out.append(contentsOf: jpeg[insertAt...])
        return out
    }

    private static func appendSegment(marker: UInt8, payload: [UInt8], to out: inout [UInt8]) {
        let length = payload.count + 2
        out.append(contentsOf: [0xFF, marker, UInt8(length >> 8), UInt8(length & 0xFF)])
        out.append(contentsOf: payload)
    }
}
