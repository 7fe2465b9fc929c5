internal import CLibRaw
#if canImport(Glibc)
import Glibc
#endif

/// The EXIF of a camera RAW. TIFF-based RAWs (DNG, CR2, NEF, ARW, ORF, RW2, PEF…) keep their own
/// directories; the others (CR3, RAF, …) get a block built from what LibRaw read: camera, lens,
/// exposure, capture time, artist and GPS.
enum RawExif {
    static func block(_ bytes: [UInt8], handle: LibRawHandle) -> [UInt8]? {
        let own = ExifDirectories.read(bytes)
        if let own, !own.exif.isEmpty { return own.block() }
        var built = synthesized(handle.raw.pointee)
        // A first directory without an EXIF one (some DNG writers) still names the copyright.
        let present = Set(built.main.map(\.tag))
        built.main += (own?.main ?? []).filter { !present.contains($0.tag) }
        return built.block()
    }

    static func synthesized(_ data: libraw_data_t) -> ExifDirectories {
        var main: [TIFFEntry] = [], exif: [TIFFEntry] = [], gps: [TIFFEntry] = []
        let make = text(data.idata.make), model = text(data.idata.model), artist = text(data.other.artist), lens = text(data.lens.Lens)
        if !make.isEmpty { main.append(.ascii(0x010F, make)) }
        if !model.isEmpty { main.append(.ascii(0x0110, model)) }
        if !artist.isEmpty { main.append(.ascii(0x013B, artist)) }
        if data.other.timestamp > 0 {
            var time = data.other.timestamp
            var parts = tm()
            _ = localtime_r(&time, &parts)
            let stamp = exifDate(parts)
            main.append(.ascii(0x0132, stamp))
            exif.append(.ascii(0x9003, stamp))
            exif.append(.ascii(0x9004, stamp))
        }
        if data.other.shutter > 0 { exif.append(.rational(0x829A, Double(data.other.shutter))) }
        if data.other.aperture > 0 { exif.append(.rational(0x829D, Double(data.other.aperture))) }
        if data.other.iso_speed > 0 { exif.append(.short(0x8827, UInt16(min(65535, data.other.iso_speed)))) }
        if data.other.focal_len > 0 { exif.append(.rational(0x920A, Double(data.other.focal_len))) }
        if !lens.isEmpty { exif.append(.ascii(0xA434, lens)) }
        let position = data.other.parsed_gps
        if position.gpsparsed != 0 {
            gps.append(TIFFEntry(tag: 0x0000, type: 1, count: 4, value: [2, 3, 0, 0]))
            gps.append(.ascii(0x0001, position.latref != 0 ? String(UnicodeScalar(UInt8(bitPattern: position.latref))) : "N"))
            gps.append(.rationals(0x0002, [position.latitude.0, position.latitude.1, position.latitude.2].map(Double.init)))
            gps.append(.ascii(0x0003, position.longref != 0 ? String(UnicodeScalar(UInt8(bitPattern: position.longref))) : "E"))
            gps.append(.rationals(0x0004, [position.longitude.0, position.longitude.1, position.longitude.2].map(Double.init)))
            if position.altitude != 0 { gps.append(.rational(0x0006, Double(abs(position.altitude)))) }
        }
        return ExifDirectories(main: main, exif: exif, gps: gps)
    }

    /// A fixed-size C string field as text, without surrounding spaces.
    static func text<T>(_ field: T) -> String {
        withUnsafeBytes(of: field) { raw in
            let text = Substring(String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self))
            return String(text.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        }
    }

    /// "YYYY:MM:DD HH:MM:SS", EXIF's date format.
    static func exifDate(_ parts: tm) -> String {
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900):\(two(parts.tm_mon + 1)):\(two(parts.tm_mday)) \(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
    }
}
