#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Swift tasks waiting to run on the inotify thread (see ``FolderWatch/eventExecutor``).
///
/// Jobs are appended from any thread and run by the inotify thread between event batches.
final class HubJobs: Sendable {
    private struct State {
        var jobs: [UnownedJob] = []
        var executor: UnownedTaskExecutor?
        var thread: pthread_t?
    }

    private let state = Mutex(State())

    /// Set once the hub exists; no job can arrive before, since jobs come through the hub.
    func attach(_ executor: UnownedTaskExecutor) {
        state.withLock { $0.executor = executor }
    }

    /// Called by the inotify thread when it starts.
    func runsOnThisThread() {
        state.withLock { $0.thread = pthread_self() }
    }

    /// Queues `job`; returns whether the inotify thread must be woken for it (false when the
    /// caller is that thread, which runs the queue before it waits again).
    func append(_ job: UnownedJob) -> Bool {
        state.withLock { state in
            state.jobs.append(job)
            guard let thread = state.thread else { return true }
            return pthread_equal(thread, pthread_self()) == 0
        }
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
