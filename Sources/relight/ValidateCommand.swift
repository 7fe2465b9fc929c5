import ArgumentParser

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Checks the config and every profile, then prints a summary."
    )

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try notYetAvailable("relight validate")
    }
}
