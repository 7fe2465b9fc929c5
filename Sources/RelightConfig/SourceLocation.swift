/// A place in a configuration or profile file, for diagnostics that say `file:line:column`.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file's path as the user gave it (or as it was found).
    public var file: String
    /// Line number, starting at 1. Zero when unknown.
    public var line: Int
    /// Column number, starting at 1. Zero when unknown.
    public var column: Int

    public init(file: String, line: Int = 0, column: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String {
        line > 0 ? "\(file):\(line):\(column)" : file
    }
}
