import Logging
import RelightConfig
import Synchronization
import Testing
@testable import FolderWatch

/// Runs a real `FolderWatcher` and records what it reports and logs.
final class WatchHarness: Sendable {
    let watcher: FolderWatcher
    let recorder = Recorder()
    let logs: LogCapture
    private let consumer: Mutex<Task<Void, Never>?> = Mutex(nil)

    init(
        _ entries: [WatchEntry],
        knownProfiles: Set<String>? = nil,
        ignoredFolders: [String] = [],
        rearmInterval: Duration = .milliseconds(100),
        watchLimit: Int? = nil
    ) {
        FolderWatch.initializeInotify()
        let logs = LogCapture()
        self.logs = logs
        var logger = Logger(label: "test.watch") { _ in logs }
        logger.logLevel = .debug
        watcher = FolderWatcher(entries: entries, knownProfiles: knownProfiles, ignoredFolders: ignoredFolders,
                                logger: logger, rearmInterval: rearmInterval, watchLimit: watchLimit)
        let stream = watcher.start()
        let recorder = self.recorder
        let task = Task { for await event in stream { recorder.items.withLock { $0.append(event) } } }
        consumer.withLock { $0 = task }
    }

    static func entry(
        _ root: WatchPath, profiles: ProfileSelection = .list(["warm"]), settle: Duration = .milliseconds(200),
        mode: WatchMode = .inotify, output: String? = nil, include: [String] = [], exclude: [String] = [],
        pollInterval: Duration = .milliseconds(100), recursive: Bool = true
    ) -> WatchEntry {
        WatchEntry(
            path: root.description, profiles: profiles, output: output ?? "/nonexistent-relight-output/{profile}",
            recursive: recursive, mode: mode, pollInterval: pollInterval, settle: settle,
            include: include, exclude: exclude, location: SourceLocation(file: "test.yaml")
        )
    }

    func stop() async {
        watcher.stop()
        let task = consumer.withLock { $0 }
        await task?.value
    }

    var snapshot: [FolderWatchEvent] { recorder.items.withLock { $0 } }

    var completes: [CompleteFile] {
        snapshot.compactMap { if case .complete(let file) = $0 { file } else { nil } }
    }

    func completes(_ path: WatchPath) -> [CompleteFile] { completes.filter { $0.path == path } }

    /// Waits (polling, generous limit) until `condition` holds; returns whether it did.
    @discardableResult
    func wait(for seconds: Double = 20, _ condition: ([FolderWatchEvent]) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(Int(seconds * 1000)))
        while ContinuousClock.now < deadline {
            if condition(snapshot) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition(snapshot)
    }

    func waitReady(_ count: Int = 1) async {
        let ok = await wait { $0.filter { if case .ready = $0 { true } else { false } }.count >= count }
        #expect(ok, "the watcher never reported ready")
    }

    func waitComplete(_ path: WatchPath, seconds: Double = 20) async -> Bool {
        await wait(for: seconds) { events in
            events.contains { if case .complete(let file) = $0 { file.path == path } else { false } }
        }
    }

    /// Lets pending work finish so that "nothing more is reported" can be checked.
    func quiesce(_ duration: Duration = .milliseconds(600)) async {
        try? await Task.sleep(for: duration)
    }
}

/// The events seen so far.
final class Recorder: Sendable {
    let items = Mutex<[FolderWatchEvent]>([])
}

/// Collects log lines (level and message with metadata) from the watcher.
final class LogCapture: LogHandler, Sendable {
    let lines = Mutex<[(Logger.Level, String)]>([])
    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }
    var logLevel: Logger.Level {
        get { .debug }
        set {}
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    func log(event: LogEvent) {
        let meta = (event.metadata ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        lines.withLock { $0.append((event.level, "\(event.message) \(meta)")) }
    }

    func contains(_ level: Logger.Level, _ text: String) -> Bool {
        lines.withLock { $0.contains { $0.0 == level && $0.1.contains(text) } }
    }

    func count(_ text: String) -> Int {
        lines.withLock { $0.filter { $0.1.contains(text) }.count }
    }
}
