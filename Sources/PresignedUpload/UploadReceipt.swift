/// What is kept of an upload so that a later process can delete the object: its key, and the facts
/// a presign service needs to sign for the same object again. Nothing in it is a credential: the
/// journal stores receipts, never URLs (a presigned URL is a bearer credential).
public struct UploadReceipt: Sendable, Hashable {
    /// The object's key (S3) or name (presign service).
    public var key: String
    public var size: Int64
    public var contentType: String
    /// Lower-case hex SHA-256 of the uploaded content.
    public var sha256: String

    public init(key: String, size: Int64, contentType: String, sha256: String) {
        self.key = key
        self.size = size
        self.contentType = contentType
        self.sha256 = sha256
    }
}
