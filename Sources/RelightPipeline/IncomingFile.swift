import RelightConfig

/// A complete source file and the profiles to apply to it, as the watcher (or `relight run`) hands it over.
public struct IncomingFile: Sendable, Hashable {
    /// The file, absolute.
    public var path: String
    /// The watch entry it arrived through (a synthetic one for `relight run`).
    public var entry: WatchEntry
    public var profiles: [String]
    /// Found by a catch-up scan (start-up, rescan, poll) rather than seen arriving. A file the
    /// journal has already seen (same path, and same size and mtime or same content) is then not
    /// queued again because a profile changed or was added: that is `relight redo`'s job.
    public var isCatchUp: Bool
    /// `relight run`: the outputs must end up in the entry's output folder, copied from earlier
    /// outputs of the same content and profile when those are intact.
    public var wantsOutputsInItsFolder: Bool
    /// `relight run --force`: relight even when the same content and profile were relit before.
    public var force: Bool

    public init(
        path: String, entry: WatchEntry, profiles: [String], isCatchUp: Bool = false, wantsOutputsInItsFolder: Bool = false,
        force: Bool = false
    ) {
        self.path = path
        self.entry = entry
        self.profiles = profiles
        self.isCatchUp = isCatchUp
        self.wantsOutputsInItsFolder = wantsOutputsInItsFolder
        self.force = force
    }

    /// `relight run`: an earlier relight of this content and profile that failed is tried again, since
    /// running the command again is how a run is retried. (A watched folder leaves it failed until
    /// `relight retry`, so a photo dropped in again is not charged again on its own.)
    public var retriesFailed: Bool { entry.isRun }
}

extension WatchEntry {
    /// Where `relight run`'s stand-in entries say they come from.
    public static let runLocation = SourceLocation(file: "relight run")

    /// A stand-in for `relight run` rather than a folder in relight.yaml.
    public var isRun: Bool { location == Self.runLocation }
}
