import ArgumentParser

struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Runs a local server that speaks the cloud API, for trying the cloud path offline."
    )

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try notYetAvailable("relight sandbox")
    }
}
