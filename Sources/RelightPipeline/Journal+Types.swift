import Foundation
import Relighting

/// The values the journal hands out, the same from either backend.
extension Journal {
    /// What ``enqueue(_:)`` found.
    public enum EnqueueOutcome: Sendable, Equatable {
        /// New work, now in the journal as `queued`.
        case queued(JournalItem)
        /// The same content with the same profile was already relit: reuse its outputs, charge nothing.
        case alreadyDone(JournalItem)
        /// The same content with the same profile is already under way or failed.
        case existing(JournalItem)
    }

    /// One page of items, newest first.
    public struct JobsPage: Sendable {
        public var items: [JournalItem]
        /// Pass as `before` to get the next (older) page; nil on the last page.
        public var nextBefore: Int64?
    }

    /// The largest page ``jobs(state:limit:before:)`` returns.
    public static let maximumPageSize = 500

    /// Which done items `relight redo` would relight again.
    public struct RedoSelection: Sendable {
        public var profile: String
        /// The profile's fingerprint now: items relit with it are up to date and left alone.
        public var fingerprint: String
        /// Only sources in this folder (a watched folder or one below it), absolute.
        public var folder: String?
        /// Only items finished at or after this time.
        public var since: Date?

        public init(profile: String, fingerprint: String, folder: String? = nil, since: Date? = nil) {
            self.profile = profile
            self.fingerprint = fingerprint
            self.folder = folder
            self.since = since
        }
    }

    /// What `relight status` shows.
    public struct Summary: Sendable, Codable, Equatable {
        public var counts: [String: Int]
        public var creditsToday: Double
        public var creditsTotal: Double
        public var failures: [Failure]

        public init(counts: [String: Int] = [:], creditsToday: Double = 0, creditsTotal: Double = 0, failures: [Failure] = []) {
            self.counts = counts
            self.creditsToday = creditsToday
            self.creditsTotal = creditsTotal
            self.failures = failures
        }

        public struct Failure: Sendable, Codable, Equatable {
            public var id: Int64
            /// For people: a name that is not UTF-8 shows its bytes as `\xE9` (see ``PathBytes``).
            public var sourcePath: String
            public var profile: String
            public var attempts: Int
            public var error: String
            public var finishedAt: Date?
        }
    }

    /// An upload the journal knows of and that nobody has deleted yet.
    public struct PendingUpload: Sendable, Hashable {
        public var itemID: Int64
        public var upload: StoredUpload
    }
}
