import Synchronization

/// Swift tasks waiting to run on the inotify thread (see ``FolderWatch/eventExecutor``).
///
/// Jobs are appended from any thread and run by the inotify thread between event batches.
final class HubJobs: Sendable {
    private struct State {
        var jobs: [UnownedJob] = []
        var executor: UnownedTaskExecutor?
    }

    private let state = Mutex(State())

    /// Set once the hub exists; no job can arrive before, since jobs come through the hub.
    func attach(_ executor: UnownedTaskExecutor) {
        state.withLock { $0.executor = executor }
    }

    func append(_ job: UnownedJob) {
        state.withLock { $0.jobs.append(job) }
    }

    /// Runs every job queued so far, and those they queue in turn, on the calling (inotify) thread.
    func runAll() {
        while true {
            let (jobs, executor) = state.withLock { state -> ([UnownedJob], UnownedTaskExecutor?) in
                defer { state.jobs.removeAll(keepingCapacity: true) }
                return (state.jobs, state.executor)
            }
            guard !jobs.isEmpty, let executor else { return }
            for job in jobs { job.runSynchronously(on: executor) }
        }
    }
}
