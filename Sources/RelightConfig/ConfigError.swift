/// A configuration or profile problem that stops relight from starting.
///
/// The description reads like a compiler diagnostic, `file:line:column: what was expected`,
/// so editors and terminals can jump to it.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem this is, for tests and for callers that react differently.
    public enum Code: String, Sendable, Equatable {
        case fileNotFound
        case unreadable
        case malformedYAML
        case notAMapping
        case emptyFile
        case unknownKey
        case wrongType
        case outOfRange
        case unknownValue
        case missingKey
        case missingProfile
        case overlappingWatch
        case insecureKeyFile
        case invalidName
    }

    public var code: Code
    public var message: String
    public var location: SourceLocation

    public init(_ code: Code, _ message: String, at location: SourceLocation) {
        self.code = code
        self.message = message
        self.location = location
    }

    public var description: String { "\(location): error: \(message)" }
}

/// Several configuration errors found in one pass, reported together so a user fixes them at once.
public struct ConfigErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [ConfigError]

    public init(_ errors: [ConfigError]) {
        self.errors = errors
    }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
