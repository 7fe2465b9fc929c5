/// Puts an ICC profile and EXIF into an encoded WebP: libwebp's simple encoder writes neither, so
/// the RIFF is rebuilt in the extended layout (`VP8X`, `ICCP`, the image chunks, `EXIF`).
enum WebPMetadata {
    static func adding(icc: [UInt8]?, exif: [UInt8]?, width: Int, height: Int, hasAlpha: Bool, to webp: [UInt8]) -> [UInt8] {
        let icc = icc.flatMap { $0.isEmpty ? nil : $0 }, exif = exif.flatMap { $0.isEmpty ? nil : $0 }
        guard icc != nil || exif != nil, webp.count >= 12 else { return webp }
        // The encoder's own chunks, minus any VP8X (rebuilt below) and metadata (there is none from libwebp).
        var imageChunks: [UInt8] = []
        var alpha = hasAlpha
        var i = 12
        while i + 8 <= webp.count {
            let fourCC = String(decoding: webp[i..<(i + 4)], as: UTF8.self)
            let length = Int(webp[i + 4]) | Int(webp[i + 5]) << 8 | Int(webp[i + 6]) << 16 | Int(webp[i + 7]) << 24
            let end = min(webp.count, i + 8 + length + (length & 1))
            if fourCC == "VP8X" {
                alpha = alpha || (i + 8 < webp.count && webp[i + 8] & 0x10 != 0)
            } else if fourCC != "ICCP" && fourCC != "EXIF" {
                imageChunks += webp[i..<end]
            }
            i = end
        }
        var flags: UInt8 = 0
        if icc != nil { flags |= 0x20 }
        if alpha { flags |= 0x10 }
        if exif != nil { flags |= 0x08 }
        var vp8x: [UInt8] = [flags, 0, 0, 0]
        vp8x += littleEndian24(width - 1) + littleEndian24(height - 1)
        var body: [UInt8] = Array("WEBP".utf8)
        body += chunk("VP8X", vp8x)
        if let icc { body += chunk("ICCP", icc) }
        body += imageChunks
        if let exif { body += chunk("EXIF", exif) }
        return Array("RIFF".utf8) + littleEndian32(body.count) + body
    }

    private static func chunk(_ fourCC: String, _ payload: [UInt8]) -> [UInt8] {
        var out = Array(fourCC.utf8) + littleEndian32(payload.count) + payload
        if payload.count & 1 == 1 { out.append(0) }
        return out
    }

    private static func littleEndian24(_ value: Int) -> [UInt8] {
        [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF)]
    }

    private static func littleEndian32(_ value: Int) -> [UInt8] {
        littleEndian24(value) + [UInt8(value >> 24 & 0xFF)]
    }
}
