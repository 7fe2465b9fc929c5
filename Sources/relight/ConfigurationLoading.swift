import ArgumentParser
import Foundation
import RelightConfig

/// Exit codes from sysexits, as SPEC.md specifies.
enum ExitStatus {
    /// Wrong usage (EX_USAGE).
    static let usage = ExitCode(64)
    /// Bad configuration (EX_CONFIG).
    static let config = ExitCode(78)
}

/// Finds and loads the config for a command. Prints every error, then exits 78.
func loadConfiguration(
    _ global: GlobalOptions, createMissingFolders: Bool = true, printNotes: Bool = true, checkSecrets: Bool = true
) throws -> LoadedConfiguration {
    let loaded: LoadedConfiguration
    do {
        let path = try ConfigLocator.locate(explicit: global.config)
        loaded = try ConfigLoader.load(path: path, createMissingFolders: createMissingFolders, checkSecrets: checkSecrets)
    } catch let error as ConfigError {
        printError(error.description)
        throw ExitStatus.config
    } catch let errors as ConfigErrors {
        for error in errors.errors { printError(error.description) }
        let count = errors.errors.count
        printError("\(count) configuration error\(count == 1 ? "" : "s"); relight did not start.")
        throw ExitStatus.config
    }
    if printNotes {
        for note in loaded.notes where note.severity == .warning { printError(note.description) }
    }
    return loaded
}
