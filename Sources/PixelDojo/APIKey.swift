import Foundation
import RelightConfig

/// The cloud API key, read from `pixeldojo.api_key_file` or the `api_key_env` variable. `description` hides it.
public struct APIKey: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    public init(_ value: String) {
        self.value = value
    }

    public var description: String { "APIKey(<redacted>)" }

    /// The key the settings point to; a key file readable by group or others is refused.
    public static func load(_ settings: PixelDojoSettings, environment: [String: String]) throws(PixelDojoError) -> APIKey {
        if let file = settings.apiKeyFile {
            return try read(file: file)
        }
        guard let key = environment[settings.apiKeyEnv]?.trimmingCharacters(in: .whitespacesAndNewlines), !key.isEmpty else {
            throw PixelDojoError(.missingAPIKey, "No cloud API key: set the environment variable \(settings.apiKeyEnv) (pixeldojo.api_key_env) or pixeldojo.api_key_file.")
        }
        return APIKey(key)
    }

    /// The key in `file` (`pixeldojo.api_key_file`): refused when group or others may read the file.
    public static func read(file: String) throws(PixelDojoError) -> APIKey {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: file)
        } catch {
            throw PixelDojoError(.missingAPIKey, "Cannot read the API key file \(file) (pixeldojo.api_key_file): it does not exist or is not readable.")
        }
        if let mode = attributes[.posixPermissions] as? Int, mode & 0o077 != 0 {
            throw PixelDojoError(.missingAPIKey, "The API key file \(file) can be read by other users; run `chmod 600 \(file)`.")
        }
        guard let text = FileManager.default.contents(atPath: file).flatMap({ String(data: $0, encoding: .utf8) }) else {
            throw PixelDojoError(.missingAPIKey, "Cannot read the API key file \(file) (pixeldojo.api_key_file).")
        }
        let key = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !key.isEmpty else { throw PixelDojoError(.missingAPIKey, "The API key file \(file) is empty.") }
        return APIKey(key)
    }
}
