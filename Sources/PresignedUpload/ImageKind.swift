/// The image encodings the cloud path accepts, recognised by their magic bytes rather than a file name.
public enum ImageKind: String, Sendable, Hashable, CaseIterable {
    case jpeg
    case png
    case webp

    /// The number of leading bytes ``sniff(_:)`` needs.
    public static let headerLength = 12

    /// The kind whose signature starts `bytes`, or nil when they are not a JPEG, PNG or WebP file.
    public static func sniff<Bytes: Collection>(_ bytes: Bytes) -> ImageKind? where Bytes.Element == UInt8 {
        let head = Array(bytes.prefix(headerLength))
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if head.count >= 12, head.starts(with: Array("RIFF".utf8)), Array(head[8..<12]) == Array("WEBP".utf8) { return .webp }
        return nil
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
