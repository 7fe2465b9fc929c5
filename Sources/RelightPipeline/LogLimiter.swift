import Foundation
import Synchronization

/// Keeps a persistent problem from flooding the log: the first occurrence of a key is logged,
/// repeats are counted and summarised at most once per interval.
public final class LogLimiter: Sendable {
    private struct Entry {
        var lastLogged: Date
        var suppressed: Int
    }

    private let interval: TimeInterval
    private let entries = Mutex<[String: Entry]>([:])

    public init(interval: Duration = .seconds(60)) {
        self.interval = Double(interval.components.seconds)
    }

    /// Whether to log this occurrence of `key` now, and how many were suppressed since the last line.
    public func check(_ key: String, now: Date = Date()) -> (log: Bool, suppressed: Int) {
        entries.withLock { entries in
            guard var entry = entries[key] else {
                entries[key] = Entry(lastLogged: now, suppressed: 0)
                return (true, 0)
            }
            if now.timeIntervalSince(entry.lastLogged) >= interval {
                let suppressed = entry.suppressed
                entry = Entry(lastLogged: now, suppressed: 0)
                entries[key] = entry
                return (true, suppressed)
            }
            entry.suppressed += 1
            entries[key] = entry
            return (false, entry.suppressed)
        }
    }

    /// Forgets `key`, so the next occurrence is logged at once (the problem went away).
    public func clear(_ key: String) {
        _ = entries.withLock { $0.removeValue(forKey: key) }
    }
}
