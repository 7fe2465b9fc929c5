import FolderWatch
import Foundation
import Logging
import RelightConfig

/// Notices edits to relight.yaml and the profiles folder, and reloads them.
///
/// An invalid edit is reported once and the last good configuration stays in force.
public struct ConfigReloader: Sendable {
    public let configPath: String
    public let environment: [String: String]
    public let logger: Logger

    public init(configPath: String, environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger) {
        self.configPath = configPath
        self.environment = environment
        self.logger = logger
    }

    /// Size and modification time of the config file and of every file in the profiles folder.
    public struct Stamp: Sendable, Equatable {
        var entries: [String: [Double]]
    }

    public func stamp(profilesDirectory: String) -> Stamp {
        var entries: [String: [Double]] = [:]
        func add(_ path: String) {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return }
            let size = (attributes[.size] as? NSNumber)?.doubleValue ?? -1
            let mtime = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            entries[path] = [size, mtime]
        }
        add(configPath)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: profilesDirectory)) ?? [] {
            add((profilesDirectory as NSString).appendingPathComponent(name))
        }
        return Stamp(entries: entries)
    }

    /// The folders whose changes may change ``stamp(profilesDirectory:)``.
    ///
    /// Editors save by renaming a new file over the old one, so folders are watched, not files:
    /// the config's folder for its name, and the profiles folder for every entry. The profiles
    /// folder is followed when it is replaced as a whole.
    public func watchTargets(profilesDirectory: String) -> [DirectoryMonitor.Target] {
        let config = Self.absolute(configPath)
        return [
            DirectoryMonitor.Target(directory: (config as NSString).deletingLastPathComponent, names: [(config as NSString).lastPathComponent]),
            DirectoryMonitor.Target(directory: Self.absolute(profilesDirectory), followsReplacement: true),
        ]
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
    }

    /// What a reload found.
    public enum Outcome: Sendable {
        case reloaded(LoadedConfiguration)
        /// The edit is invalid; these errors were logged and the last good version stays.
        case rejected([ConfigError])
    }

    public func reload() -> Outcome {
        do {
            let loaded = try ConfigLoader.load(path: configPath, environment: environment)
            logger.notice("configuration reloaded", metadata: ["profiles": "\(loaded.profiles.profiles.count)", "watch": "\(loaded.configuration.watch.count)"])
            return .reloaded(loaded)
        } catch {
            for problem in error.errors { logger.error("\(problem.description)") }
            logger.error("the edited configuration is invalid; the last good version stays in force until it is fixed")
            return .rejected(error.errors)
        }
    }
}
