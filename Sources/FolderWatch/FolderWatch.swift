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
}
