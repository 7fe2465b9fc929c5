import ArgumentParser
import Logging
import RelightConfig
import RelightPipeline

/// Opens the journal the configuration names. A shared journal that cannot be reached, or whose
/// password is missing, is reported in words and ends the command with status 1. The daemon
/// (`waitForServer`) starts all the same while the server does not answer, and waits for it.
func openJournal(_ configuration: RelightConfiguration, logger: Logger? = nil, waitForServer: Bool = false) async throws -> Journal {
    do {
        return try await Journal.open(configuration, logger: logger ?? makeLogger("relight.journal"), waitForServer: waitForServer)
    } catch let error as PostgresJournalError {
        printError("error: \(error.message)")
        throw ExitCode.failure
    }
}
