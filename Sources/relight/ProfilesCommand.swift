import ArgumentParser
import Foundation
import RelightConfig

struct ProfilesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profiles",
        abstract: "Lists the lighting profiles, or shows one fully resolved.",
        subcommands: [List.self, Show.self],
        defaultSubcommand: List.self
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lists the profiles with their descriptions.")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let catalog = try loadProfiles(global)
            guard !catalog.profiles.isEmpty else {
                printOut("No profiles in \(catalog.directory). Add NAME.yaml files there; see the README.")
                return
            }
            let width = min(catalog.names.map(\.count).max() ?? 0, 28)
            for profile in catalog.all {
                let name = profile.name.padding(toLength: max(width, profile.name.count), withPad: " ", startingAt: 0)
                printOut("\(name)  \(profile.description.isEmpty ? "(no description)" : profile.description)")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Prints one profile with every default filled in.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The profile's name: its file name without .yaml.")
        var name: String

        func run() async throws {
            let catalog = try loadProfiles(global, warningsAbout: name)
            guard let profile = catalog.profile(named: name) else {
                let hint = DidYouMean.hint(for: name, among: catalog.names)
                printError("error: no profile named '\(name)' in \(catalog.directory)\(hint)")
                throw ExitStatus.usage
            }
            printOut(ProfileText(profile).yaml)
        }
    }
}

/// The profiles of the configured profiles folder. Without any config file, `./profiles` is used,
/// so the shipped profiles can be browsed from a fresh checkout.
///
/// `warningsAbout`: print only the warnings about that profile (`profiles show NAME`), not every profile's.
func loadProfiles(_ global: GlobalOptions, warningsAbout name: String? = nil) throws -> ProfileCatalog {
    if global.config == nil, (try? ConfigLocator.locate(explicit: nil)) == nil {
        let fallback = ConfigLocator.absolute("profiles", base: FileManager.default.currentDirectoryPath)
        let outcome = ProfileCatalog.load(directory: fallback)
        guard outcome.errors.isEmpty else {
            for error in outcome.errors { printError(error.description) }
            throw ExitStatus.config
        }
        return outcome.catalog
    }
    let loaded = try loadConfiguration(global, createMissingFolders: false, printNotes: name == nil)
    if let name {
        for note in loaded.notes where note.severity == .warning && (note.location?.file as NSString?)?.lastPathComponent == "\(name).yaml" {
            printError(note.description)
        }
    }
    return loaded.profiles
}
