import Foundation

/// A `postgresql://user@host:port/database?sslmode=...` address, without a password.
public struct PostgresURL: Sendable, Hashable, CustomStringConvertible {
    public enum SSLMode: String, Sendable, Hashable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public var user: String
    public var host: String
    public var port: Int
    public var database: String
    public var sslMode: SSLMode

    public init(user: String, host: String, port: Int = 5432, database: String, sslMode: SSLMode = .prefer) {
        self.user = user
        self.host = host
        self.port = port
        self.database = database
        self.sslMode = sslMode
    }

    /// The address as written, never with a password (there is none to show).
    public var description: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "postgresql://\(user)@\(hostPart):\(port)/\(database)?sslmode=\(sslMode.rawValue)"
    }

    /// Why `text` is not a usable address, or the address. The message says what to write instead.
    public static func parse(_ text: String) -> Result<PostgresURL, ParseError> {
        guard text.hasPrefix("postgresql://") || text.hasPrefix("postgres://") else {
            return .failure(ParseError("must be sqlite or a postgresql://user@host:5432/database URL"))
        }
        guard let components = URLComponents(string: text) else {
            return .failure(ParseError("is not a URL; write postgresql://user@host:5432/database?sslmode=require"))
        }
        if components.password != nil {
            return .failure(ParseError(
                "holds a password; relight.yaml must not. Put it in the variable named by journal_password_env, or in ~/.pgpass"))
        }
        guard let user = components.user, !user.isEmpty else {
            return .failure(ParseError("needs a user name: postgresql://USER@host:5432/database"))
        }
        guard let host = components.host, !host.isEmpty else {
            return .failure(ParseError("needs a host: postgresql://user@HOST:5432/database"))
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            return .failure(ParseError("needs a database name: postgresql://user@host:5432/DATABASE"))
        }
        var url = PostgresURL(user: user, host: host, port: components.port ?? 5432, database: database)
        guard (1...65535).contains(url.port) else { return .failure(ParseError("has port \(url.port); ports run from 1 to 65535")) }
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = SSLMode(rawValue: item.value ?? "") else {
                    let modes = SSLMode.allCases.map(\.rawValue).joined(separator: ", ")
                    return .failure(ParseError("has sslmode=\(item.value ?? ""); use one of \(modes)"))
                }
                url.sslMode = mode
            default:
                return .failure(ParseError("has the parameter '\(item.name)', which relight does not know; only sslmode is read"))
            }
        }
        return .success(url)
    }

    public struct ParseError: Error, Sendable, Hashable {
        public var message: String
        init(_ message: String) { self.message = message }
    }
}
