/// Every kind of file relight recognises by its content: the images it reads, told apart finely
/// enough to name them in logs and sidecars (a NEF is not "a TIFF", a CR3 is not "a HEIC").
///
/// One sniffer for the whole product: the watcher, the codecs and the uploader all ask
/// ``sniff(_:)``. It looks only at the first ``headerLength`` bytes, never at the file name.
public enum ImageContent: String, Sendable, Hashable, CaseIterable {
    case jpeg, png, webp, tiff
    /// ISO-BMFF still images (libheif): HEVC-coded HEIC, other HEIF, and AV1-coded AVIF.
    case heic, heif, avif
    /// Camera RAW files (LibRaw). `raw` is a RAW in a TIFF container whose maker is not named.
    case dng, cr2, cr3, crw, nef, arw, raf, orf, rw2, pef, srw, x3f, iiq, mos, erf, mrw, kdc, dcr, threeFR = "3fr", raw

    /// The decoder family that reads this kind.
    public enum Family: String, Sendable, Hashable {
        case jpeg, png, webp, tiff, heif, raw
    }

    public var family: Family {
        switch self {
        case .jpeg: .jpeg
        case .png: .png
        case .webp: .webp
        case .tiff: .tiff
        case .heic, .heif, .avif: .heif
        default: .raw
        }
    }

    /// Whether this is a camera RAW file.
    public var isCameraRaw: Bool { family == .raw }

    /// How many leading bytes ``sniff(_:)`` wants: enough for a TIFF-based RAW's first directory
    /// and an ISO-BMFF `ftyp` box. Fewer still work; a TIFF then may not be told from a RAW.
    public static let headerLength = 4096

    /// Sidecar files that travel with camera files, skipped in any letter case: XMP edits, a camera's
    /// `.THM` thumbnail (a small JPEG that must not be relit as a photo), RawTherapee's and DxO's settings.
    public static let sidecarExtensions: [String] = ["xmp", "thm", "pp3", "dop"]

    /// Whether a file name ends in a sidecar extension (``sidecarExtensions``, any case).
    public static func isSidecar<Name: Collection>(name: Name) -> Bool where Name.Element == UInt8 {
        sidecarSuffixes.contains { suffix in
            name.count > suffix.count && name.suffix(suffix.count).elementsEqual(suffix) { $0 | 0x20 == $1 }
        }
    }

    private static let sidecarSuffixes: [[UInt8]] = sidecarExtensions.map { Array(".\($0)".utf8) }

    /// The name users know, for logs and sidecars ("NEF", "HEIC", "JPEG").
    public var displayName: String {
        switch self {
        case .threeFR: "3FR"
        case .raw: "camera RAW"
        default: rawValue.uppercased()
        }
    }

    /// The usual file extension, lower case.
    public var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .tiff: "tif"
        case .raw: "raw"
        default: rawValue
        }
    }

    /// The MIME type (for uploads and the dashboard).
    public var mimeType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .webp: "image/webp"
        case .tiff: "image/tiff"
        case .heic: "image/heic"
        case .heif: "image/heif"
        case .avif: "image/avif"
        case .dng: "image/x-adobe-dng"
        default: "image/x-\(fileExtension)"
        }
    }
}
