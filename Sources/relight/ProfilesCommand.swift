import ArgumentParser

struct ProfilesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profiles",
        abstract: "Lists the lighting profiles, or shows one fully resolved."
    )
}
