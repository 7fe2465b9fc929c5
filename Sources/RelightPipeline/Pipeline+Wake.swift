import Foundation
import FolderWatch

/// The pipeline's one timer, for work that becomes due at a known time.
struct WakeTimer {
    /// When the work is due.
    var due: Date
    /// When the timer fires: `due`, or earlier for a far-off `due` (the wall clock may be set meanwhile).
    var fires: Date
    var task: Task<Void, Never>
}

extension Pipeline {
    /// How long after the journal's files were written the change counter is compared.
    static let journalSettle: Duration = .milliseconds(100)
    /// The longest single sleep; a due time further off is looked at again after it.
    static let longestSleep: TimeInterval = 3600

    /// The journal's files in `state_dir`: the database, its write-ahead log, and the rollback
    /// journal of a process that opened it without WAL. Every write counts, since another
    /// process keeps them open between commits.
    var journalWatchTargets: [DirectoryMonitor.Target] {
        // A shared journal announces changes itself (LISTEN/NOTIFY): no files to watch.
        guard let path = journal.path else { return [] }
        let name = (path as NSString).lastPathComponent
        return [DirectoryMonitor.Target(
            directory: (path as NSString).deletingLastPathComponent,
            names: [name, name + "-wal", name + "-journal"], everyWrite: true)]
    }

    /// When the pipeline must look again although nothing nudges it: the end of a pause, the
    /// earliest retry backoff of a queued item (when a slot is free), the stop deadline while
    /// draining. Nil when only a nudge can bring new work (a file, a finished item, a reload,
    /// a journal write).
    func nextWake(now: Date) -> Date? {
        if stopping { return running.isEmpty ? nil : stopDeadline }
        if let until = pausedUntil, until > now { return until }
        guard running.count < settings.concurrency else { return nil }
        return queue.earliestWake(after: now)
    }

    /// Sets the timer for ``nextWake(now:)``, keeping one already set for that time.
    func armWakeTimer(now: Date) {
        guard let due = nextWake(now: now), due > now else {
            wakeTimer?.task.cancel()
            wakeTimer = nil
            return
        }
        if let timer = wakeTimer, timer.due == due, timer.fires > now { return }
        wakeTimer?.task.cancel()
        let delay = min(due.timeIntervalSince(now), Self.longestSleep)
        let nudger = self.nudger
        let task = Task.detached {
            guard (try? await Task.sleep(for: .seconds(delay))) != nil else { return }
            nudger.yield()
        }
        wakeTimer = WakeTimer(due: due, fires: now.addingTimeInterval(delay), task: task)
    }

    /// The journal's files were written (by anyone): compare its change counter on the next turn.
    func journalWritten() {
        journalTouched = true
        nudge()
    }
}
