@_exported public import ImageSniffing

/// The image encodings relight decodes (and, for JPEG, PNG, WebP and TIFF, encodes), recognised by
/// content rather than by file name.
public enum ImageFormat: String, Sendable, Hashable, CaseIterable {
    case jpeg
    case png
    case webp
    case tiff
    /// HEIC, HEIF and AVIF (libheif); decode only.
    case heif
    /// Camera RAW files (LibRaw); decode only.
    case raw

    /// The format whose signature starts `bytes`, or `nil` when relight does not read it
    /// (the product's one sniffer, ``ImageContent/sniff(_:)``).
    public static func sniff<Bytes: Collection>(_ bytes: Bytes) -> ImageFormat? where Bytes.Element == UInt8 {
        ImageContent.sniff(bytes).map(ImageFormat.init)
    }

    /// The decoder family of a sniffed kind.
    public init(_ content: ImageContent) {
        switch content.family {
        case .jpeg: self = .jpeg
        case .png: self = .png
        case .webp: self = .webp
        case .tiff: self = .tiff
        case .heif: self = .heif
        case .raw: self = .raw
        }
    }

    /// Whether relight can write this format.
    public var isWritable: Bool {
        switch self {
        case .jpeg, .png, .webp, .tiff: true
        case .heif, .raw: false
        }
    }

    /// The usual file extension.
    public var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .png: "png"
        case .webp: "webp"
        case .tiff: "tif"
        case .heif: "heic"
        case .raw: "dng"
        }
    }

    /// The MIME type, for uploads.
    public var mimeType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .webp: "image/webp"
        case .tiff: "image/tiff"
        case .heif: "image/heif"
        case .raw: "image/x-dcraw"
        }
    }
}
