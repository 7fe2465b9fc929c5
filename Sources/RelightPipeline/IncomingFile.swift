import RelightConfig

/// A complete source file and the profiles to apply to it, as the watcher (or `relight run`) hands it over.
public struct IncomingFile: Sendable, Hashable {
    /// The file, absolute.
    public var path: String
    /// The watch entry it arrived through (a synthetic one for `relight run`).
    public var entry: WatchEntry
    public var profiles: [String]

    public init(path: String, entry: WatchEntry, profiles: [String]) {
        self.path = path
        self.entry = entry
        self.profiles = profiles
    }
}
