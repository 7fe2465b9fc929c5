import RelightConfig

/// An access key pair for an S3-compatible store. `description` never shows the secret.
public struct S3Credentials: Sendable, Hashable, CustomStringConvertible {
    public var accessKeyID: String
    public var secretAccessKey: String

    public init(accessKeyID: String, secretAccessKey: String) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
    }

    /// Reads the keys from the environment variables the config names.
    public init(settings: S3UploadSettings, environment: [String: String]) throws(UploadError) {
        guard let access = environment[settings.accessKeyEnv], !access.isEmpty else {
            throw UploadError(.missingCredentials, "The S3 access key is missing: set the environment variable \(settings.accessKeyEnv) (upload.s3.access_key_env).")
        }
        guard let secret = environment[settings.secretKeyEnv], !secret.isEmpty else {
            throw UploadError(.missingCredentials, "The S3 secret key is missing: set the environment variable \(settings.secretKeyEnv) (upload.s3.secret_key_env).")
        }
        self.init(accessKeyID: access, secretAccessKey: secret)
    }

    public var description: String { "S3Credentials(\(accessKeyID), secret: <redacted>)" }
}
