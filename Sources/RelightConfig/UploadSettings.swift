/// The `upload:` section: how a local photo gets a URL the cloud API can fetch.
public enum UploadSettings: Sendable, Hashable {
    case s3(S3UploadSettings)
    case presignService(PresignServiceSettings)
}

/// Upload to any S3-compatible store with presigned PUT and GET URLs (AWS Signature V4).
public struct S3UploadSettings: Sendable, Hashable {
    public enum Addressing: String, Sendable, Hashable, CaseIterable {
        /// `https://endpoint/bucket/key`
        case path
        /// `https://bucket.endpoint/key`
        case virtual
    }

    public var endpoint: String
    public var region: String
    public var bucket: String
    public var prefix: String
    public var addressing: Addressing
    public var accessKeyEnv: String
    public var secretKeyEnv: String
    public var expires: Duration
    public var deleteAfter: Bool

    public init(
        endpoint: String,
        region: String,
        bucket: String,
        prefix: String = "relight/",
        addressing: Addressing = .path,
        accessKeyEnv: String = "AWS_ACCESS_KEY_ID",
        secretKeyEnv: String = "AWS_SECRET_ACCESS_KEY",
        expires: Duration = .seconds(15 * 60),
        deleteAfter: Bool = true
    ) {
        self.endpoint = endpoint
        self.region = region
        self.bucket = bucket
        self.prefix = prefix
        self.addressing = addressing
        self.accessKeyEnv = accessKeyEnv
        self.secretKeyEnv = secretKeyEnv
        self.expires = expires
        self.deleteAfter = deleteAfter
    }
}

/// Ask a service for presigned URLs: POST name, size, content type and SHA-256; get `{uploadUrl, fileUrl, headers?}`.
public struct PresignServiceSettings: Sendable, Hashable {
    public var url: String
    public var tokenEnv: String

    public init(url: String, tokenEnv: String = "PRESIGN_TOKEN") {
        self.url = url
        self.tokenEnv = tokenEnv
    }
}
