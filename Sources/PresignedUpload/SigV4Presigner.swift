import Crypto
import Foundation
import RelightConfig

/// AWS Signature Version 4 query presigning for S3-compatible stores (AWS S3, R2, MinIO, B2, Wasabi, moto).
///
/// Only the `host` header is signed and the payload is `UNSIGNED-PAYLOAD`, as botocore's
/// `generate_presigned_url` does, so the output matches botocore's character for character.
public struct SigV4Presigner: Sendable {
    public enum Method: String, Sendable, Hashable, CaseIterable {
        case get = "GET"
        case put = "PUT"
        case delete = "DELETE"
    }

    /// AWS accepts presigned URLs that live between one second and seven days.
    public static let expiryRange = 1...604_800

    public let endpoint: S3Endpoint
    public let region: String
    public let bucket: String
    public let addressing: S3UploadSettings.Addressing
    let credentials: S3Credentials

    public init(
        endpoint: String,
        region: String,
        bucket: String,
        addressing: S3UploadSettings.Addressing,
        credentials: S3Credentials
    ) throws(UploadError) {
        self.endpoint = try S3Endpoint(parsing: endpoint)
        guard !region.isEmpty, !region.contains("/") else {
            throw UploadError(.invalidConfiguration, "The S3 region '\(region)' is not valid; use e.g. us-east-1 (upload.s3.region).")
        }
        guard !bucket.isEmpty, !bucket.contains("/") else {
            throw UploadError(.invalidConfiguration, "The S3 bucket name '\(bucket)' is not valid (upload.s3.bucket).")
        }
        if addressing == .virtual {
            let allowed = bucket.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "." }
            guard allowed else {
                throw UploadError(.invalidConfiguration, "The bucket '\(bucket)' cannot be a host name; use addressing: path (upload.s3.addressing).")
            }
        }
        self.region = region
        self.bucket = bucket
        self.addressing = addressing
        self.credentials = credentials
    }

    /// The presigner for an `upload.s3` section, with the keys read from the environment.
    public init(settings: S3UploadSettings, environment: [String: String]) throws(UploadError) {
        try self.init(
            endpoint: settings.endpoint,
            region: settings.region,
            bucket: settings.bucket,
            addressing: settings.addressing,
            credentials: try S3Credentials(settings: settings, environment: environment)
        )
    }

    /// A URL that allows `method` on `key` for `expires` seconds from `date`.
    public func presign(_ method: Method, key: String, expires: Int, at date: Date = Date()) throws(UploadError) -> PresignedURL {
        guard Self.expiryRange.contains(expires) else {
            throw UploadError(.invalidConfiguration, "A presigned URL must live between 1 second and 7 days, not \(expires) s (upload.s3.expires).")
        }
        let stamp = AmzDate(date)
        let host: String
        var path = endpoint.basePath
        switch addressing {
        case .path:
            host = endpoint.authority()
            path += "/" + SigV4Encoding.encode(bucket, keepSlash: false)
        case .virtual:
            host = endpoint.authority(bucketPrefix: bucket)
        }
        path += "/" + SigV4Encoding.encode(key, keepSlash: true)

        let scope = "\(stamp.day)/\(region)/s3/aws4_request"
        let query = [
            ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
            ("X-Amz-Credential", "\(credentials.accessKeyID)/\(scope)"),
            ("X-Amz-Date", stamp.timestamp),
            ("X-Amz-Expires", String(expires)),
            ("X-Amz-SignedHeaders", "host"),
        ]
        .map { SigV4Encoding.encode($0.0, keepSlash: false) + "=" + SigV4Encoding.encode($0.1, keepSlash: false) }
        .sorted()
        .joined(separator: "&")

        let canonicalRequest = [method.rawValue, path, query, "host:\(host)", "", "host", "UNSIGNED-PAYLOAD"]
            .joined(separator: "\n")
        let stringToSign = [
            "AWS4-HMAC-SHA256",
            stamp.timestamp,
            scope,
            SigV4Encoding.hex(SHA256.hash(data: Data(canonicalRequest.utf8))),
        ].joined(separator: "\n")
        let signature = SigV4Encoding.hex(
            HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: signingKey(day: stamp.day))
        )
        return PresignedURL("\(endpoint.scheme)://\(host)\(path)?\(query)&X-Amz-Signature=\(signature)")
    }

    /// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, day), region), "s3"), "aws4_request").
    func signingKey(day: String) -> SymmetricKey {
        var key = SymmetricKey(data: Data(("AWS4" + credentials.secretAccessKey).utf8))
        for part in [day, region, "s3", "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        return key
    }
}
