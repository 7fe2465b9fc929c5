import ImageCodecs
import RelightConfig

/// Why the local provider could not relight a source.
public struct LocalProviderError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    /// The codec's error, when decoding failed.
    public var cause: ImageCodecError?

    public init(path: String, reason: String, cause: ImageCodecError? = nil) {
        self.path = path
        self.reason = reason
        self.cause = cause
    }

    public var description: String { "\(PathBytes.display(path)): \(reason)" }
}
