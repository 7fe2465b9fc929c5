import ArgumentParser
import RelightConfig

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Checks the config and every profile, then prints a summary.",
        discussion: "Exits 0 when the config is valid, 78 when it is not; every error names its file, line and column."
    )

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let loaded = try loadConfiguration(global, printNotes: false)
        printOut(ConfigSummary(loaded).text)
    }
}
