import RelightConfig
import Synchronization

/// One watch entry's state on its worker thread.
struct WatchedRoot {
    /// Root ids are unique in the process: every watcher shares the one inotify thread.
    private static let nextHubID = Atomic<Int>(1)

    let index: Int
    let hubID: Int
    let entry: WatchEntry
    let path: WatchPath
    let rules: IgnoreRules
    let router: ProfileRouter
    /// Ignored folders that contain the watched folder itself, so they cannot be applied.
    let skippedIgnoredFolders: [WatchPath]
    var settle: SettleStateMachine
    var usesInotify = false
    var readyReported = false
    var unreadableReported: Set<WatchPath> = []

    // Polling
    var polling = false
    var pollReason = ""
    var nextPoll: ContinuousClock.Instant?
    var pollKnown: [WatchPath: FileStamp] = [:]
    var available = true

    init(index: Int, entry: WatchEntry, knownProfiles: Set<String>?, ignoredFolders: [WatchPath]) {
        self.index = index
        hubID = Self.nextHubID.wrappingAdd(1, ordering: .relaxed).oldValue
        self.entry = entry
        path = WatchPath(entry.path)
        let root = path
        rules = IgnoreRules(
            include: entry.include, exclude: entry.exclude,
            ignoredFolders: ignoredFolders.filter { $0.isWithin(root) && $0 != root }
        )
        skippedIgnoredFolders = ignoredFolders.filter { root.isWithin($0) }
        router = ProfileRouter(selection: entry.profiles, knownProfiles: knownProfiles)
        settle = SettleStateMachine(settle: entry.settle)
    }

    /// How this entry starts: its `mode`, with `auto` polling on network and FUSE file systems.
    func initialMode() -> WatchingMode {
        switch entry.mode {
        case .poll: return .poll("mode: poll")
        case .inotify: return .inotify
        case .auto:
            if let remote = FileSystemKind.remoteName(of: path) {
                return .poll("\(path) is on \(remote), where inotify misses changes made by other machines")
            }
            return .inotify
        }
    }

    mutating func nextDeadline() -> ContinuousClock.Instant? {
        let settleDeadline = settle.nextDeadline()
        guard polling, let nextPoll else { return settleDeadline }
        return settleDeadline.map { min($0, nextPoll) } ?? nextPoll
    }

    func pollsDue(_ now: ContinuousClock.Instant) -> Bool {
        guard polling, let nextPoll else { return false }
        return nextPoll <= now
    }

    mutating func startPolling(reason: String, now: ContinuousClock.Instant) {
        polling = true
        pollReason = reason
        nextPoll = now
    }

    mutating func forget(_ file: WatchPath) {
        settle.forget(file)
        pollKnown[file] = nil
    }

    mutating func forgetTree(_ folder: WatchPath) {
        settle.forgetTree(folder)
        if polling { pollKnown = pollKnown.filter { !$0.key.isWithin(folder) } }
    }
}
