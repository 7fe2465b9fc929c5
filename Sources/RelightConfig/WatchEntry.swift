/// One `watch:` entry: a folder, the profiles that apply to it, and where and how outputs are written.
public struct WatchEntry: Sendable, Hashable {
    /// The watched folder, absolute.
    public var path: String
    public var profiles: ProfileSelection
    /// The output folder template, absolute; tokens `{profile}`, `{date}`, `{subdir}`.
    public var output: String
    /// The output file name template; tokens `{stem}` `{ext}` `{profile}` `{index}` `{date}` `{seed}` `{model}`.
    public var naming: String
    public var recursive: Bool
    public var mode: WatchMode
    public var pollInterval: Duration
    public var settle: Duration
    public var include: [String]
    public var exclude: [String]
    public var after: AfterAction
    public var sidecar: Bool
    /// Where the entry starts in the config file, for messages about it.
    public var location: SourceLocation
    /// Where each listed profile name is written, for messages about a missing profile.
    public var profileLocations: [String: SourceLocation] = [:]

    public static let defaultOutput = "relit/{profile}"
    public static let defaultNaming = "{stem}_{profile}_{index}.{ext}"

    public init(
        path: String,
        profiles: ProfileSelection = .bySubfolder,
        output: String,
        naming: String = WatchEntry.defaultNaming,
        recursive: Bool = true,
        mode: WatchMode = .auto,
        pollInterval: Duration = .seconds(10),
        settle: Duration = .seconds(1),
        include: [String] = [],
        exclude: [String] = [],
        after: AfterAction = .keep,
        sidecar: Bool = true,
        location: SourceLocation
    ) {
        self.path = path
        self.profiles = profiles
        self.output = output
        self.naming = naming
        self.recursive = recursive
        self.mode = mode
        self.pollInterval = pollInterval
        self.settle = settle
        self.include = include
        self.exclude = exclude
        self.after = after
        self.sidecar = sidecar
        self.location = location
    }

    /// The output template's fixed part: the folder above its first token. Everything the daemon
    /// writes for this entry lies under it.
    public var outputRoot: String {
        guard let brace = output.firstIndex(of: "{") else { return output }
        let head = output[..<brace]
        guard let slash = head.lastIndex(of: "/") else { return "/" }
        let root = String(head[..<slash])
        return root.isEmpty ? "/" : root
    }
}

/// How a watch entry picks the profiles for a file.
public enum ProfileSelection: Sendable, Hashable {
    /// `inbox/<profile>/...` picks the profile named by the file's first folder under the watched path.
    case bySubfolder
    /// Every file gets each of these profiles.
    case list([String])
}

/// How changes are noticed.
public enum WatchMode: String, Sendable, Hashable, CaseIterable {
    /// inotify on local file systems, polling on NFS, SMB/CIFS, FUSE and other network mounts.
    case auto
    case inotify
    case poll
}

/// What happens to a source file once every output and the sidecar are on disk.
public enum AfterAction: Sendable, Hashable, CustomStringConvertible {
    case keep
    case delete
    /// Move the source into this folder (absolute).
    case move(String)

    public var description: String {
        switch self {
        case .keep: "keep"
        case .delete: "delete"
        case .move(let folder): "move:\(folder)"
        }
    }
}
