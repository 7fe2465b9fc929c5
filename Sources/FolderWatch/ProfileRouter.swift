public import RelightConfig

/// Which profiles apply to a file, from its watch entry's `profiles:` setting.
public struct ProfileRouter: Sendable {
    public enum Route: Sendable, Hashable {
        case profiles([String])
        /// No profile applies; the reason is written for the user.
        case unroutable(String)
    }

    public var selection: ProfileSelection
    /// The profile names that exist; nil accepts any folder name under `by-subfolder`.
    public var knownProfiles: Set<String>?

    public init(selection: ProfileSelection, knownProfiles: Set<String>?) {
        self.selection = selection
        self.knownProfiles = knownProfiles
    }

    public func route(_ path: WatchPath, root: WatchPath) -> Route {
        switch selection {
        case .list(let names):
            return names.isEmpty ? .unroutable("the watch entry lists no profiles") : .profiles(names)
        case .bySubfolder:
            guard let parts = path.components(below: root), parts.count >= 2 else {
                return .unroutable("it lies directly in the watched folder; with `profiles: by-subfolder` drop it into a profile's folder, e.g. \(root)/<profile>/")
            }
            guard let name = String(validating: parts[0], as: UTF8.self) else {
                return .unroutable("its folder name is not a profile name")
            }
            if let known = knownProfiles, !known.contains(name) {
                return .unroutable("its folder \"\(name)\" is not the name of a profile; known profiles: \(known.sorted().joined(separator: ", "))")
            }
            return .profiles([name])
        }
    }
}
