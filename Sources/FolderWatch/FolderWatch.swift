/// Entry points that belong to the process rather than to one watcher.
public enum FolderWatch {
    /// Initialises inotify (libinotifytools) now. Call it first thing at start-up, before the HTTP
    /// client, the database or servers open descriptors: libinotifytools waits with select(2),
    /// which aborts the process when its descriptor is 1024 or higher. Later calls return the
    /// first answer. When inotify is unavailable, watchers poll instead.
    @discardableResult
    public static func initializeInotify() -> InotifyAvailability {
        InotifyHub.availability
    }

    /// The inotify thread as a task executor, when inotify is available.
    ///
    /// A consumer that iterates a watcher's events under
    /// `withTaskExecutorPreference(FolderWatch.eventExecutor)` is resumed on the thread that
    /// reported them, between event batches, instead of waiting for a pool thread to wake: a
    /// `settle: 0` file reaches it a few microseconds after the kernel's event. Keep such a
    /// consumer light (hand heavy work to an actor or another task), and never call
    /// ``FolderWatcher/stop()`` from it: stopping waits for this thread.
    public static var eventExecutor: (any TaskExecutor)? {
        try? InotifyHub.shared.get()
    }
}
