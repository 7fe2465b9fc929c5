import Foundation

/// Every valid profile in a profiles folder, by name.
public struct ProfileCatalog: Sendable {
    public var directory: String
    public var profiles: [String: LightingProfile]

    public init(directory: String, profiles: [String: LightingProfile]) {
        self.directory = directory
        self.profiles = profiles
    }

    public func profile(named name: String) -> LightingProfile? { profiles[name] }

    /// Profiles sorted by name.
    public var all: [LightingProfile] { profiles.values.sorted { $0.name < $1.name } }

    public var names: [String] { profiles.keys.sorted() }

    /// The result of loading a folder: the catalog, every error, and notes such as skipped files.
    public struct Outcome: Sendable {
        public var catalog: ProfileCatalog
        public var errors: [ConfigError]
        public var notes: [ConfigNote]
    }

    /// Loads every `*.yaml` and `*.yml` file in `directory`. Other files are skipped with a note.
    public static func load(directory: String) -> Outcome {
        var catalog = ProfileCatalog(directory: directory, profiles: [:])
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            let error = ConfigError(
                .fileNotFound, "profiles folder not found; create it or set 'profiles_dir' in relight.yaml",
                at: SourceLocation(file: directory))
            return Outcome(catalog: catalog, errors: [error], notes: [])
        }
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        var errors: [ConfigError] = []
        var notes: [ConfigNote] = []
        for entry in entries where !entry.hasPrefix(".") {
            let path = (directory as NSString).appendingPathComponent(entry)
            let ext = (entry as NSString).pathExtension.lowercased()
            guard ext == "yaml" || ext == "yml" else {
                notes.append(ConfigNote(.note, "not a .yaml file, ignored", at: SourceLocation(file: path)))
                continue
            }
            let outcome = ProfileLoader.load(file: path)
            errors += outcome.errors
            notes += outcome.notes
            guard let profile = outcome.profile else { continue }
            if let existing = catalog.profiles[profile.name] {
                errors.append(ConfigError(
                    .invalidName, "profile '\(profile.name)' is defined twice (also as \(existing.name)); keep one file per name",
                    at: SourceLocation(file: path)))
                continue
            }
            catalog.profiles[profile.name] = profile
        }
        return Outcome(catalog: catalog, errors: errors, notes: notes)
    }
}
