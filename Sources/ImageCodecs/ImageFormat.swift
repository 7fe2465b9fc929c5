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

    /// The usual file extension (of the base kind: `.heif` says heif, `.raw` says raw).
    public var fileExtension: String { baseContent.fileExtension }

    /// The MIME type, for uploads and the dashboard.
    public var mimeType: String { baseContent.mimeType }
}
