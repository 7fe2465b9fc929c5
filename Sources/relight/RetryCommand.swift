import ArgumentParser
import Foundation
import RelightConfig
import RelightPipeline

struct RetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Puts failed items back in the queue.",
        discussion: "A running daemon picks requeued items up within a few seconds; otherwise the next start does."
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Requeue every failed item.")
    var allFailed = false

    @Argument(help: "Ids of failed items, as relight status shows them.")
    var ids: [Int64] = []

    func validate() throws {
        if allFailed != ids.isEmpty {
            throw ValidationError("give either --all-failed or one or more item ids (see relight status)")
        }
    }

    func run() async throws {
        let loaded = try loadConfiguration(global, createMissingFolders: false, printNotes: false, checkSecrets: false, journalOnly: true)
        let journal = try await openJournal(loaded.configuration)
        let requeued = try await journal.retry(ids: allFailed ? nil : ids)
        if !allFailed {
            let missing = Set(ids).subtracting(requeued)
            for id in missing.sorted() { printError("warning: #\(id) is not a failed item; left as it is") }
        }
        printOut(requeued.isEmpty ? "Nothing to retry." : "Requeued \(requeued.count) item\(requeued.count == 1 ? "" : "s").")
    }
}
