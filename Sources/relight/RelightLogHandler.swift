import ArgumentParser
import Foundation
import Logging
import RelightConfig
import Relighting
import RelightPipeline
import Synchronization

/// How `relight watch` writes its log lines.
enum LogFormat: String, CaseIterable, Sendable {
    case text, json
}

/// Process-wide log settings, set from the command line and, once the configuration is loaded, the secrets to mask.
enum LogSettings {
    private struct State {
        var format = LogFormat.text
        var level = Logger.Level.info
        var redactor = SecretRedactor()
    }

    private static let state = Mutex(State())

    static var format: LogFormat {
        get { state.withLock { $0.format } }
        set { state.withLock { $0.format = newValue } }
    }

    static var level: Logger.Level {
        get { state.withLock { $0.level } }
        set { state.withLock { $0.level = newValue } }
    }

    /// Masks the configured secrets in every message and metadata value from now on.
    static var redactor: SecretRedactor {
        get { state.withLock { $0.redactor } }
        set { state.withLock { $0.redactor = newValue } }
    }

    /// Masks one more secret from now on (an API key read again from its file while running).
    static func addSecret(_ secret: String) {
        state.withLock { $0.redactor = SecretRedactor(secrets: $0.redactor.secrets + [secret]) }
    }
}

/// One line per event on standard error, as text (`time level label: message key=value ...`) or as a
/// JSON object, with dotted metadata keys (`file.path`, `profile`, `job.id`). Every message and
/// metadata value goes through the ``SecretRedactor`` first, and file names that are not UTF-8 show
/// their bytes as `\xE9` (``PathBytes/display(_:)``).
struct RelightLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    init(label: String) {
        self.label = label
        self.logLevel = LogSettings.level
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        let line = Self.line(
            level: event.level, label: label, message: "\(event.message)", metadata: merged,
            format: LogSettings.format, redactor: LogSettings.redactor, date: Date())
        StandardError.write(line + "\n")
    }

    static func line(
        level: Logger.Level, label: String, message: String, metadata: Logger.Metadata, format: LogFormat,
        redactor: SecretRedactor, date: Date
    ) -> String {
        var fields: [(String, String)] = []
        flatten(metadata, prefix: "", into: &fields)
        // Paths carried with bytes that are not UTF-8 (see PathBytes) show those bytes as `\xE9`.
        fields = fields.sorted { $0.0 < $1.0 }.map { ($0.0, redactor.redact(PathBytes.display($0.1))) }
        let message = redactor.redact(PathBytes.display(message))
        let time = date.formatted(.iso8601)
        switch format {
        case .text:
            let pairs = fields.map { " \($0.0)=\(quoted($0.1))" }.joined()
            return "\(time) \(level) \(label): \(message)\(pairs)"
        case .json:
            var object: [String: String] = ["time": time, "level": level.rawValue, "label": label, "message": message]
            for (key, value) in fields where object[key] == nil { object[key] = value }
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
            return String(decoding: data, as: UTF8.self)
        }
    }

    /// Nested metadata becomes dotted keys: `["file": ["path": x]]` is `file.path=x`.
    private static func flatten(_ metadata: Logger.Metadata, prefix: String, into fields: inout [(String, String)]) {
        for (key, value) in metadata {
            let name = prefix.isEmpty ? key : "\(prefix).\(key)"
            switch value {
            case .dictionary(let nested): flatten(nested, prefix: name, into: &fields)
            case .array(let values): fields.append((name, values.map { "\($0)" }.joined(separator: ",")))
            case .string(let text): fields.append((name, text))
            case .stringConvertible(let value): fields.append((name, value.description))
            }
        }
    }

    /// Values with spaces, quotes or `=` are quoted so a line splits back into its fields.
    private static func quoted(_ value: String) -> String {
        guard value.isEmpty || value.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline }) else { return value }
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
        return "\"\(escaped)\""
    }
}

/// Writes whole lines to standard error in one call, so lines from several threads never interleave.
enum StandardError {
    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
extension LogFormat: ExpressibleByArgument {}
