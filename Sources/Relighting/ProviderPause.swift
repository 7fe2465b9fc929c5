import Foundation

/// Why a provider takes no new work right now, as the status page and `/healthz` show it.
///
/// The cloud provider pauses submission by itself (402: out of credits, 401: key refused) while
/// the items it holds wait inside it, so the scheduler asks it rather than inferring the pause.
public struct ProviderPause: Sendable, Equatable {
    /// What happened and what to do, for an operator.
    public var reason: String
    /// When submission is tried again, if the provider knows.
    public var until: Date?

    public init(reason: String, until: Date? = nil) {
        self.reason = reason
        self.until = until
    }
}
