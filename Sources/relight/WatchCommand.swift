import ArgumentParser

struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Runs the daemon: watches the configured folders and relights what lands in them."
    )

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try notYetAvailable("relight watch")
    }
}
