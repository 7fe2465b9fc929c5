/// A validated configuration with its profiles: everything a command needs to start.
public struct LoadedConfiguration: Sendable {
    public var configuration: RelightConfiguration
    public var profiles: ProfileCatalog
    /// Warnings and notes found while loading; none of them stops relight.
    public var notes: [ConfigNote]
    /// Folders created because they did not exist.
    public var createdFolders: [String]

    public init(configuration: RelightConfiguration, profiles: ProfileCatalog, notes: [ConfigNote], createdFolders: [String]) {
        self.configuration = configuration
        self.profiles = profiles
        self.notes = notes
        self.createdFolders = createdFolders
    }
}
