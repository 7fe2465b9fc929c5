import Foundation

/// Loads relight.yaml and its profiles, and cross-checks them.
public enum ConfigLoader {
    /// Loads and validates the config at `path` and every profile in its profiles folder.
    ///
    /// - Parameters:
    ///   - createMissingFolders: create watched folders that do not exist (and say so in the notes).
    ///   - checkSecrets: check that the API key and upload keys are set; commands that only read the
    ///     journal (`status`, `retry`) do not need them.
    ///   - profilesRequired: false for those same commands: errors in the profiles (or the
    ///     cross-checks) are returned as ``LoadedConfiguration/toleratedErrors`` instead of thrown,
    ///     since a running daemon carries on with a profile's last good version and the journal is
    ///     readable all the same. relight.yaml's own errors still throw.
    /// - Throws: ``ConfigErrors`` with every problem found, each naming its file, line and column.
    public static func load(
        path: String,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        createMissingFolders: Bool = true,
        checkSecrets: Bool = true,
        profilesRequired: Bool = true
    ) throws(ConfigErrors) -> LoadedConfiguration {
        let file = ConfigLocator.absolute(path, base: FileManager.default.currentDirectoryPath)
        let document: YAMLDocument
        do {
            document = try YAMLDocument(contentsOf: file)
        } catch {
            throw ConfigErrors([error])
        }
        let reader = NodeReader(document)
        let parser = ConfigParser(reader: reader, base: (file as NSString).deletingLastPathComponent, environment: environment)
        guard let configuration = parser.parse(file: file) else { throw ConfigErrors(reader.sortedErrors) }
        let catalog = ProfileCatalog.load(directory: configuration.profilesDirectory)
        var validator = ConfigValidator(configuration: configuration, catalog: catalog.catalog, environment: environment)
        validator.check(secrets: checkSecrets)
        let tolerated = profilesRequired ? [] : catalog.errors + validator.errors
        let errors = reader.sortedErrors + (profilesRequired ? catalog.errors + validator.errors : [])
        guard errors.isEmpty else { throw ConfigErrors(errors) }
        var notes = reader.notes + catalog.notes + validator.notes
        var created: [String] = []
        if createMissingFolders {
            for entry in configuration.watch where !FileManager.default.fileExists(atPath: entry.path) {
                do {
                    try FileManager.default.createDirectory(atPath: entry.path, withIntermediateDirectories: true)
                    created.append(entry.path)
                    notes.append(ConfigNote(.note, "watched folder \(entry.path) did not exist; created it", at: entry.location))
                } catch {
                    throw ConfigErrors([ConfigError(
                        .unreadable, "watched folder \(entry.path) does not exist and cannot be created: \(error.localizedDescription)",
                        at: entry.location)])
                }
            }
        }
        return LoadedConfiguration(
            configuration: configuration, profiles: catalog.catalog, notes: notes, createdFolders: created, toleratedErrors: tolerated)
    }
}
