import Foundation
import RelightConfig

/// Where the PostgreSQL password comes from: the environment variable named by
/// `journal_password_env`, or `~/.pgpass` (libpq's format and rules). Never relight.yaml.
public enum PostgresPassword {
    /// The password for `url`, or nil when none is configured (trust or peer authentication).
    /// Throws when the named variable is unset, saying what to set.
    public static func find(for url: PostgresURL, settings: JournalSettings, environment: [String: String], home: String = NSHomeDirectory()) throws -> String? {
        if let name = settings.passwordEnv {
            guard let value = environment[name], !value.isEmpty else {
                throw PostgresJournalError(
                    "journal_password_env names \(name), but it is not set; export \(name) with the database password, or remove journal_password_env to use ~/.pgpass")
            }
            return value
        }
        let file = environment["PGPASSFILE"] ?? (home as NSString).appendingPathComponent(".pgpass")
        return try pgpass(file: file, url: url)
    }

    /// The first matching line of a `.pgpass` file (`host:port:database:user:password`, `*` matches anything).
    static func pgpass(file: String, url: PostgresURL) throws -> String? {
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else { return nil }
        var info = stat()
        // libpq ignores a password file that others may read; so does relight, and says so.
        if stat(file, &info) == 0, info.st_mode & 0o077 != 0 {
            throw PostgresJournalError("\(file) may be read by other users; run chmod 600 \(file)")
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) where !line.hasPrefix("#") {
            let fields = splitFields(String(line))
            guard fields.count == 5 else { continue }
            let wanted = [url.host, String(url.port), url.database, url.user]
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }

    /// Splits on unescaped `:`; `\:` and `\\` stand for themselves.
    static func splitFields(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}

/// A problem with the shared journal, in words that say what to do.
public struct PostgresJournalError: Error, CustomStringConvertible, Sendable {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
