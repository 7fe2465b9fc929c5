import Foundation

/// Finds relight.yaml: `--config`, then `$RELIGHT_CONFIG`, `./relight.yaml`,
/// `$XDG_CONFIG_HOME/relight/relight.yaml` (or `~/.config/relight/relight.yaml`), `/etc/relight/relight.yaml`.
public enum ConfigLocator {
    /// The places searched, in order, when no `--config` is given.
    public static func candidates(environment: [String: String], currentDirectory: String) -> [String] {
        var paths: [String] = []
        if let explicit = environment["RELIGHT_CONFIG"], !explicit.isEmpty {
            paths.append(absolute(explicit, base: currentDirectory))
        }
        paths.append((currentDirectory as NSString).appendingPathComponent("relight.yaml"))
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty {
            paths.append((xdg as NSString).appendingPathComponent("relight/relight.yaml"))
        } else if let home = environment["HOME"], !home.isEmpty {
            paths.append((home as NSString).appendingPathComponent(".config/relight/relight.yaml"))
        }
        paths.append("/etc/relight/relight.yaml")
        return paths
    }

    /// The config file to use, absolute.
    ///
    /// - Throws: ``ConfigError`` when `explicit` does not exist, or when no candidate exists.
    public static func locate(
        explicit: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) throws(ConfigError) -> String {
        if let explicit {
            let path = absolute(explicit, base: currentDirectory)
            guard FileManager.default.fileExists(atPath: path) else {
                throw ConfigError(.fileNotFound, "config file not found; check the --config path", at: SourceLocation(file: explicit))
            }
            return path
        }
        let candidates = candidates(environment: environment, currentDirectory: currentDirectory)
        if let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) {
            return found
        }
        throw ConfigError(
            .fileNotFound,
            "no config found; looked for \(candidates.joined(separator: ", ")). Pass --config PATH, or start from examples/relight.yaml",
            at: SourceLocation(file: "relight.yaml"))
    }

    /// `path` made absolute against `base`, with `~` expanded and `.`/`..` removed.
    public static func absolute(_ path: String, base: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        let joined = expanded.hasPrefix("/") ? expanded : (base as NSString).appendingPathComponent(expanded)
        return (joined as NSString).standardizingPath
    }
}
