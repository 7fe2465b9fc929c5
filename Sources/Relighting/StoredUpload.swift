/// An object a provider put in a store for the cloud API to fetch, as the journal keeps it so that
/// it can be deleted after a crash: the key plus what a presign service needs to sign for it again.
/// Nothing in it is a credential (URLs are never kept: a presigned URL is a bearer credential).
public struct StoredUpload: Sendable, Hashable, Codable {
    /// The object's key in the store (a content hash plus a random part; never the file name).
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
