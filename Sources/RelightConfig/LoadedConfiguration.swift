/// A validated configuration with its profiles: everything a command needs to start.
public struct LoadedConfiguration: Sendable {
    public var configuration: RelightConfiguration
    public var profiles: ProfileCatalog
    /// Warnings and notes found while loading; none of them stops relight.
    public var notes: [ConfigNote]
    /// Folders created because they did not exist.
    public var createdFolders: [String]
    /// Errors in the profiles (or the cross-checks) let through because the caller only reads the
    /// journal (``ConfigLoader/load(path:environment:createMissingFolders:checkSecrets:profilesRequired:)``).
    public var toleratedErrors: [ConfigError]

    public init(
        configuration: RelightConfiguration, profiles: ProfileCatalog, notes: [ConfigNote], createdFolders: [String],
        toleratedErrors: [ConfigError] = []
    ) {
        self.configuration = configuration
        self.profiles = profiles
        self.notes = notes
        self.createdFolders = createdFolders
        self.toleratedErrors = toleratedErrors
    }
}
