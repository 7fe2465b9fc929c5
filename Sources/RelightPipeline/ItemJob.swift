import RelightConfig

/// One journal item with everything needed to run it: the resolved profile and where outputs go.
public struct ItemJob: Sendable {
    public var item: JournalItem
    public var profile: LightingProfile
    public var naming: OutputNaming
    public var sidecar: Bool
    /// Queued by `relight run`: a failure is retried by running it again, not by `relight retry`.
    public var fromRun: Bool

    public init(item: JournalItem, profile: LightingProfile, naming: OutputNaming, sidecar: Bool, fromRun: Bool = false) {
        self.item = item
        self.profile = profile
        self.naming = naming
        self.sidecar = sidecar
        self.fromRun = fromRun
    }

    /// The credits one cloud job for this item is expected to cost: what the daily budget sets aside
    /// before it submits, and counts it as spending when the API's answer leaves its cost out.
    public var estimatedCredits: Double {
        CreditEstimate.credits(photos: 1, profile: profile, provider: .pixeldojo)
    }
}

/// How running one item ended.
public enum ItemOutcome: Sendable {
    case done(JournalItem)
    /// A transient problem: the item is queued again and may start after `after`.
    case retryLater(JournalItem, after: Duration)
    /// Its outputs cannot be written (a full disk, no permission, a file where the folder should be):
    /// the operator's to fix. Queued again as ``retryLater(_:after:)`` is, with its source untouched
    /// and its job id kept (nothing is charged again), and reported, so `relight run` can say so
    /// instead of waiting.
    case blocked(JournalItem, reason: String, after: Duration)
    case failed(JournalItem)
    /// The provider takes no work for now; the item stays queued.
    case paused(JournalItem, reason: String, retryAfter: Duration?)

    public var item: JournalItem {
        switch self {
        case .done(let item), .retryLater(let item, _), .blocked(let item, _, _), .failed(let item), .paused(let item, _, _): item
        }
    }
}
