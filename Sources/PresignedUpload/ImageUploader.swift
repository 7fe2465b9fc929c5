import AsyncHTTPClient
import Logging
import RelightConfig

/// An uploaded photo: a URL the cloud API can fetch, and how to remove it afterwards.
public struct UploadedObject: Sendable, Hashable {
    /// The object's name in the store (hash plus random part; never the original file name).
    public var key: String
    /// The URL to pass as `subject_image`. A bearer credential: log ``PresignedURL/redacted``.
    public var fileURL: PresignedURL
    /// A URL that deletes the object, when the store offers one and the config asks for deletion.
    public var deleteURL: PresignedURL?

    public init(key: String, fileURL: PresignedURL, deleteURL: PresignedURL? = nil) {
        self.key = key
        self.fileURL = fileURL
        self.deleteURL = deleteURL
    }
}

/// The presigned-URL step: puts a local photo where the cloud API can fetch it.
public protocol ImageUploader: Sendable {
    /// A fresh, unguessable key for `source` (the content hash plus 128 random bits, never the file
    /// name), known before the upload starts so that the caller can journal it first.
    func newKey(for source: SourceImage) -> String
    /// Streams the photo to the store under `key` (from ``newKey(for:)``) and returns the URL to submit.
    func upload(_ source: SourceImage, key: String) async throws(UploadError) -> UploadedObject
    /// Removes an uploaded object once its job has ended; a no-op when there is nothing to delete.
    func delete(_ object: UploadedObject) async throws(UploadError)
    /// Removes an object an earlier process uploaded, from what the journal kept (the URLs made at
    /// upload time are gone with that process). Returns false when this store keeps its objects
    /// (`upload.s3.delete_after: false`, or a presign service that offers no delete URL).
    func delete(_ receipt: UploadReceipt) async throws(UploadError) -> Bool
}

extension ImageUploader {
    /// Streams the photo to the store under a fresh key and returns the URL to submit.
    public func upload(_ source: SourceImage) async throws(UploadError) -> UploadedObject {
        try await upload(source, key: newKey(for: source))
    }
}

/// Builds the uploader an `upload:` section describes.
public func makeUploader(
    _ settings: UploadSettings,
    environment: [String: String],
    httpClient: HTTPClient,
    logger: Logger = Logger(label: "relight.upload")
) throws(UploadError) -> any ImageUploader {
    switch settings {
    case .s3(let s3):
        return try S3Uploader(settings: s3, environment: environment, httpClient: httpClient, logger: logger)
    case .presignService(let service):
        return try PresignServiceUploader(settings: service, environment: environment, httpClient: httpClient, logger: logger)
    }
}
