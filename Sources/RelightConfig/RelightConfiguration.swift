/// A validated `relight.yaml`, with every path absolute and every default filled in.
public struct RelightConfiguration: Sendable {
    /// The config file this came from, absolute.
    public var file: String
    /// The folder relative paths were resolved against: the config file's folder.
    public var baseDirectory: String
    public var provider: ProviderKind
    /// Whether `provider:` was written in the file, rather than chosen by the API-key rule.
    public var providerIsExplicit: Bool
    public var profilesDirectory: String
    public var stateDirectory: String
    public var pixeldojo: PixelDojoSettings
    public var upload: UploadSettings?
    public var budget: BudgetSettings
    public var watch: [WatchEntry]
    public var status: StatusSettings
    /// How camera RAW sources are developed.
    public var raw: RawMode
    /// Where the journal lives: SQLite under `state_dir`, or a PostgreSQL that several hosts share.
    public var journal: JournalSettings

    public init(
        file: String,
        baseDirectory: String,
        provider: ProviderKind,
        providerIsExplicit: Bool,
        profilesDirectory: String,
        stateDirectory: String,
        pixeldojo: PixelDojoSettings,
        upload: UploadSettings?,
        budget: BudgetSettings,
        watch: [WatchEntry],
        status: StatusSettings,
        raw: RawMode = .develop,
        journal: JournalSettings = JournalSettings()
    ) {
        self.file = file
        self.baseDirectory = baseDirectory
        self.provider = provider
        self.providerIsExplicit = providerIsExplicit
        self.profilesDirectory = profilesDirectory
        self.stateDirectory = stateDirectory
        self.pixeldojo = pixeldojo
        self.upload = upload
        self.budget = budget
        self.watch = watch
        self.status = status
        self.raw = raw
        self.journal = journal
    }
}

/// Which relighting provider does the work.
public enum ProviderKind: String, Sendable, Hashable, CaseIterable {
    /// The embedded engine on this machine's CPU.
    case local
    /// The PixelDojo Image Relighting cloud API.
    case pixeldojo
}
