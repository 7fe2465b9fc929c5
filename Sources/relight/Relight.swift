import ArgumentParser
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
            SandboxCommand.self,
        ]
    )
}
