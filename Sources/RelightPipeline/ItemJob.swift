import RelightConfig

/// One journal item with everything needed to run it: the resolved profile and where outputs go.
public struct ItemJob: Sendable {
    public var item: JournalItem
    public var profile: LightingProfile
    public var naming: OutputNaming
    public var sidecar: Bool

    public init(item: JournalItem, profile: LightingProfile, naming: OutputNaming, sidecar: Bool) {
        self.item = item
        self.profile = profile
        self.naming = naming
        self.sidecar = sidecar
    }
}

/// How running one item ended.
public enum ItemOutcome: Sendable {
    case done(JournalItem)
    /// A transient problem: the item is queued again and may start after `after`.
    case retryLater(JournalItem, after: Duration)
    case failed(JournalItem)
    /// The provider takes no work for now; the item stays queued.
    case paused(JournalItem, reason: String, retryAfter: Duration?)

    public var item: JournalItem {
        switch self {
        case .done(let item), .retryLater(let item, _), .failed(let item), .paused(let item, _, _): item
        }
    }
}
