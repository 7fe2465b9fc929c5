import Foundation

extension Journal {
    /// What a host asks for when it claims work.
    public struct Lease: Sendable, Hashable {
        public var host: String
        /// How long the claim holds without a heartbeat.
        public var timeout: Duration
        /// The watched folders this host serves: it takes only their items.
        public var servedPaths: [String]
        /// The shared daily budget, when one is set and the item would be charged.
        public var budget: BudgetCheck?

        public init(host: String, timeout: Duration, servedPaths: [String], budget: BudgetCheck? = nil) {
            self.host = host
            self.timeout = timeout
            self.servedPaths = servedPaths
            self.budget = budget
        }
    }

    /// A claim may set credits aside only while today's spend plus what other hosts set aside stays within the limit.
    public struct BudgetCheck: Sendable, Hashable {
        public var creditsPerDay: Double
        /// The credits an item of each profile is expected to cost (``CreditEstimate``), by profile name.
        public var estimates: [String: Double]
        public var startOfDay: Date

        public init(creditsPerDay: Double, estimates: [String: Double], startOfDay: Date) {
            self.creditsPerDay = creditsPerDay
            self.estimates = estimates
            self.startOfDay = startOfDay
        }
    }

    public enum Claim: Sendable, Equatable {
        /// The item is this host's until its lease lapses; its token fences every later write.
        case claimed(JournalItem)
        /// Nothing to take: done, failed, or held by another host.
        case unavailable
        /// Taking it would spend more than the daily budget (credits spent and set aside today).
        case overBudget(spent: Double)
    }

    /// A host's heartbeat: its leases renewed, and what the other hosts see of it.
    public struct HostBeat: Sendable, Hashable {
        public var host: String
        public var leaseTimeout: Duration
        public var servedPaths: [String]
        /// The items it is running: their leases are renewed.
        public var holding: [Int64]
        public var statusListen: String?
        public var startedAt: Date

        public init(host: String, leaseTimeout: Duration, servedPaths: [String], holding: [Int64], statusListen: String?, startedAt: Date) {
            self.host = host
            self.leaseTimeout = leaseTimeout
            self.servedPaths = servedPaths
            self.holding = holding
            self.statusListen = statusListen
            self.startedAt = startedAt
        }
    }

    /// One host as the shared journal knows it.
    public struct HostRecord: Sendable, Codable, Hashable {
        public var id: String
        public var servedPaths: [String]
        public var heartbeatAt: Date
        public var startedAt: Date
        /// Items it holds a live lease on.
        public var holding: Int
        /// The first of them (at most ``heldShown``), oldest first: what the host is working on.
        public var held: [HeldItem]
        public var statusListen: String?
        /// Whether its heartbeat is recent (within its lease timeout).
        public var alive: Bool

        /// How many held items a host record lists; `holding` counts them all.
        public static let heldShown = 20

        public init(
            id: String, servedPaths: [String], heartbeatAt: Date, startedAt: Date, holding: Int, held: [HeldItem] = [], statusListen: String?,
            alive: Bool
        ) {
            self.id = id
            self.servedPaths = servedPaths
            self.heartbeatAt = heartbeatAt
            self.startedAt = startedAt
            self.holding = holding
            self.held = held
            self.statusListen = statusListen
            self.alive = alive
        }
    }

    /// An item a host holds a lease on, as the status page and `relight status` list it.
    public struct HeldItem: Sendable, Codable, Hashable {
        public var id: Int64
        public var sourcePath: String
        public var profile: String
        public var state: ItemState
        public var leaseUntil: Date

        public init(id: Int64, sourcePath: String, profile: String, state: ItemState, leaseUntil: Date) {
            self.id = id
            self.sourcePath = sourcePath
            self.profile = profile
            self.state = state
            self.leaseUntil = leaseUntil
        }

        /// `photo.jpg [warm] submitted`.
        public var summary: String { "\((sourcePath as NSString).lastPathComponent) [\(profile)] \(state.rawValue)" }
    }

    /// A provider pause (a refused key, no credits) that one host saw and every host honours.
    public struct SharedPause: Sendable, Hashable {
        public var reason: String
        public var until: Date
        public var host: String

        public init(reason: String, until: Date, host: String) {
            self.reason = reason
            self.until = until
            self.host = host
        }
    }
}

/// A write for an item whose lease this host no longer holds: another host took it over after
/// the lease lapsed, so this host must not write anything more for it.
public struct LeaseLostError: Error, CustomStringConvertible, Sendable {
    public var itemID: Int64
    public var host: String

    public var description: String {
        "item \(itemID): the lease of host \(host) lapsed and another host took the item over; this host writes nothing more for it"
    }
}
