import ArgumentParser
import RelightConfig
import RelightPipeline

@main
struct Relight: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relight",
        abstract: "Relights photos dropped into watched folders, with named lighting profiles.",
        version: RelightVersion.current,
        subcommands: [
            WatchCommand.self,
            RunCommand.self,
            ValidateCommand.self,
            ProfilesCommand.self,
            StatusCommand.self,
            RetryCommand.self,
            RedoCommand.self,
            JournalCommand.self,
            PreviewCommand.self,
            SandboxCommand.self,
        ]
    )

    /// Parses the arguments as the kernel passed them. `CommandLine.arguments` replaces bytes that
    /// are not UTF-8 with U+FFFD, so `relight run caf\xE9.jpg` could not find the file; each
    /// argument is carried losslessly instead (see ``PathBytes``).
    static func main() async {
        let arguments = (0..<Int(CommandLine.argc)).dropFirst().compactMap { CommandLine.unsafeArgv[$0].map { PathBytes(cString: $0).string } }
        await main(arguments)
    }
}
