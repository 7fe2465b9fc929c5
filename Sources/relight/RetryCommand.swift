import ArgumentParser

struct RetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Puts failed items back in the queue."
    )

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try notYetAvailable("relight retry")
    }
}
