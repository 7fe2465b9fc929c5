import ArgumentParser

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Shows what the journal knows: counts per state, failures, credits."
    )

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try notYetAvailable("relight status")
    }
}
