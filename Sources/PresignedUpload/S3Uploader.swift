import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import RelightConfig

/// Uploads to an S3-compatible bucket with presigned PUT, hands out a presigned GET, deletes with a presigned DELETE.
public struct S3Uploader: ImageUploader {
    public let settings: S3UploadSettings
    let presigner: SigV4Presigner
    let client: HTTPClient
    let logger: Logger
    /// Upper bound for one upload, generous for large photos on slow links.
    public var timeout: TimeAmount = .minutes(10)

    public init(settings: S3UploadSettings, environment: [String: String], httpClient: HTTPClient, logger: Logger) throws(UploadError) {
        self.settings = settings
        self.presigner = try SigV4Presigner(settings: settings, environment: environment)
        self.client = httpClient
        self.logger = logger
        _ = try expirySeconds()
    }

    func expirySeconds() throws(UploadError) -> Int {
        let seconds = Int(settings.expires.components.seconds)
        guard SigV4Presigner.expiryRange.contains(seconds) else {
            throw UploadError(.invalidConfiguration, "upload.s3.expires must be between 1s and 7 days (AWS's limit), not \(settings.expires).")
        }
        return seconds
    }

    /// The object key: the configured prefix, then an unguessable name.
    public func newKey(for source: SourceImage) -> String {
        settings.prefix + source.objectName()
    }

    public func upload(_ source: SourceImage, key: String) async throws(UploadError) -> UploadedObject {
        let expires = try expirySeconds()
        let now = Date()
        let put = try presigner.presign(.put, key: key, expires: expires, at: now)
        logger.debug("uploading", metadata: ["file.path": "\(source.path)", "upload.key": "\(key)", "upload.bytes": "\(source.size)"])
        try await HTTPTransfer.putFile(source, to: put, headers: [("Content-Type", source.kind.contentType)], client: client, timeout: timeout)
        let get = try presigner.presign(.get, key: key, expires: expires, at: now)
        let delete = settings.deleteAfter ? try presigner.presign(.delete, key: key, expires: SigV4Presigner.expiryRange.upperBound, at: now) : nil
        return UploadedObject(key: key, fileURL: get, deleteURL: delete)
    }

    public func delete(_ object: UploadedObject) async throws(UploadError) {
        guard settings.deleteAfter else { return }
        // A fresh URL: the job may have outlived the one made at upload time.
        let url = try presigner.presign(.delete, key: object.key, expires: 300)
        try await HTTPTransfer.send(.DELETE, url, client: client, timeout: .seconds(60))
        logger.debug("deleted upload", metadata: ["upload.key": "\(object.key)"])
    }

    /// Presigns a DELETE for the key afresh: only the key is kept between runs, never a URL.
    public func delete(_ receipt: UploadReceipt) async throws(UploadError) -> Bool {
        guard settings.deleteAfter else { return false }
        try await delete(UploadedObject(key: receipt.key, fileURL: PresignedURL("")))
        return true
    }
}
