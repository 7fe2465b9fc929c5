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
///
/// `journalOnly`: the command only reads or updates the journal (`status`, `retry`, `journal`), so a
/// profile in error is printed as a warning and the command goes on (a running daemon uses the
/// profile's last good version meanwhile); an error in relight.yaml itself still stops it.
func loadConfiguration(
    _ global: GlobalOptions, createMissingFolders: Bool = true, printNotes: Bool = true, checkSecrets: Bool = true,
    journalOnly: Bool = false
) throws -> LoadedConfiguration {
    let loaded: LoadedConfiguration
    do {
        let path = try ConfigLocator.locate(explicit: global.config)
        loaded = try ConfigLoader.load(
            path: path, createMissingFolders: createMissingFolders, checkSecrets: checkSecrets, profilesRequired: !journalOnly)
    } catch let error as ConfigError {
        printError(error.description)
        throw ExitStatus.config
    } catch let errors as ConfigErrors {
        for error in errors.errors { printError(error.description) }
        let count = errors.errors.count
        printError("\(count) configuration error\(count == 1 ? "" : "s"); \(journalOnly ? "fix relight.yaml and run the command again" : "relight did not start").")
        throw ExitStatus.config
    }
    if printNotes {
        for note in loaded.notes where note.severity == .warning { printError(note.description) }
    }
    for error in loaded.toleratedErrors {
        printError("\(error.location): warning: \(error.message) (read the journal anyway; a running daemon keeps the last good version)")
    }
    return loaded
}
