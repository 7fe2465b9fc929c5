import Foundation

/// Cross-checks between config entries, profiles and the file system.
struct ConfigValidator {
    let configuration: RelightConfiguration
    let catalog: ProfileCatalog
    let environment: [String: String]
    private(set) var errors: [ConfigError] = []
    private(set) var notes: [ConfigNote] = []

    init(configuration: RelightConfiguration, catalog: ProfileCatalog, environment: [String: String]) {
        self.configuration = configuration
        self.catalog = catalog
        self.environment = environment
    }

    mutating func check(secrets: Bool = true) {
        checkProfilesExist()
        checkOverlaps()
        checkOwnFoldersInsideWatchedTrees()
        if secrets {
            checkProvider()
            checkKeyFile()
        }
    }

    private var fileLocation: SourceLocation { SourceLocation(file: configuration.file) }

    private mutating func checkProfilesExist() {
        for entry in configuration.watch {
            guard case .list(let names) = entry.profiles else { continue }
            for name in names where catalog.profile(named: name) == nil {
                let hint = DidYouMean.hint(for: name, among: catalog.names)
                errors.append(ConfigError(
                    .missingProfile,
                    "no profile named '\(name)' in \(catalog.directory)\(hint); add \(name).yaml there or fix the name",
                    at: entry.profileLocations[name] ?? entry.location))
            }
        }
    }

    private mutating func checkOverlaps() {
        let entries = configuration.watch
        for (index, entry) in entries.enumerated() {
            for earlier in entries[..<index] {
                if entry.path == earlier.path {
                    errors.append(ConfigError(
                        .overlappingWatch, "\(entry.path) is already watched by the entry at line \(earlier.location.line); merge the two entries",
                        at: entry.location))
                } else if PathRules.isInside(entry.path, earlier.path) || PathRules.isInside(earlier.path, entry.path) {
                    let (inner, outer) = PathRules.isInside(entry.path, earlier.path) ? (entry.path, earlier.path) : (earlier.path, entry.path)
                    errors.append(ConfigError(
                        .overlappingWatch,
                        "watched folders overlap: \(inner) lies inside \(outer) (entry at line \(earlier.location.line)); a file would be processed twice. Watch only one of them, or use 'exclude'",
                        at: entry.location))
                }
            }
        }
    }

    private mutating func checkOwnFoldersInsideWatchedTrees() {
        for entry in configuration.watch {
            for folder in configuration.ignoredFolders(for: entry) {
                notes.append(ConfigNote(
                    .note, "\(folder) lies inside the watched folder \(entry.path); the watcher ignores it", at: entry.location))
            }
        }
    }

    private mutating func checkProvider() {
        guard configuration.provider == .pixeldojo else { return }
        let settings = configuration.pixeldojo
        if settings.apiKeyFile == nil, (environment[settings.apiKeyEnv] ?? "").isEmpty {
            errors.append(ConfigError(
                .missingKey,
                "provider pixeldojo needs an API key: set the environment variable \(settings.apiKeyEnv), or 'api_key_file' under 'pixeldojo'",
                at: fileLocation))
        }
        if case .s3(let s3) = configuration.upload {
            for variable in [s3.accessKeyEnv, s3.secretKeyEnv] where (environment[variable] ?? "").isEmpty {
                errors.append(ConfigError(
                    .missingKey, "upload.s3 reads its keys from \(variable), which is not set; export it or change the variable name",
                    at: fileLocation))
            }
        }
    }

    private mutating func checkKeyFile() {
        guard let keyFile = configuration.pixeldojo.apiKeyFile else { return }
        let location = configuration.pixeldojo.apiKeyFileLocation ?? fileLocation
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: keyFile),
            let permissions = attributes[.posixPermissions] as? NSNumber
        else {
            if configuration.provider == .pixeldojo {
                errors.append(ConfigError(.fileNotFound, "api_key_file \(keyFile) not found or unreadable", at: location))
            }
            return
        }
        if permissions.intValue & 0o077 != 0 {
            errors.append(ConfigError(
                .insecureKeyFile,
                "api_key_file \(keyFile) can be read by group or others (mode \(String(permissions.intValue & 0o777, radix: 8))); run: chmod 600 \(keyFile)",
                at: location))
        }
    }
}
