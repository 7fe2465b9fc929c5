import ImageSniffing

/// The image encodings the cloud API accepts, recognised by their magic bytes rather than a file name.
/// RAW, HEIC and TIFF sources go up as an sRGB proxy in one of these.
public enum ImageKind: String, Sendable, Hashable, CaseIterable {
    case jpeg
    case png
    case webp

    /// The number of leading bytes ``sniff(_:)`` needs.
    public static let headerLength = 12

    /// The kind whose signature starts `bytes`, or nil when they are not a JPEG, PNG or WebP file
    /// (the product's one sniffer, ``ImageContent/sniff(_:)``, decides).
    public static func sniff<Bytes: Collection>(_ bytes: Bytes) -> ImageKind? where Bytes.Element == UInt8 {
        ImageContent.sniff(bytes.prefix(headerLength)).flatMap { ImageKind(rawValue: $0.rawValue) }
    }

    /// The MIME type sent as `Content-Type` (moto hangs on a form-encoded PUT, S3 stores it for the GET).
    public var contentType: String {
        switch self {
        case .jpeg: return "image/jpeg"
        case .png: return "image/png"
        case .webp: return "image/webp"
        }
    }

    public var fileExtension: String {
        switch self {
        case .jpeg: return "jpg"
        case .png: return "png"
        case .webp: return "webp"
        }
    }
}
