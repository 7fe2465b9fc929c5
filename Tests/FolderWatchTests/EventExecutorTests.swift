#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Logging
import Synchronization
import Testing
@testable import FolderWatch

/// A consumer that prefers FolderWatch.eventExecutor is resumed on the inotify thread, and its
/// awaits on other executors (an actor, a sleep) come back to it.
@Suite(.timeLimit(.minutes(2)))
struct EventExecutorTests {
    actor Ledger {
        var seen: [String] = []
        func record(_ name: String) { seen.append(name) }
    }

    /// The calling thread's name, as the kernel knows it.
    static func threadName() -> String {
        let text = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? ""
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func theConsumerRunsOnTheInotifyThreadBetweenBatches() async throws {
        FolderWatch.initializeInotify()
        let executor = try #require(FolderWatch.eventExecutor)
        let tree = TempFolder("executor")
        let watcher = FolderWatcher(
            entries: [WatchHarness.entry(tree.path, settle: .zero)], knownProfiles: nil, logger: Logger(label: "test.executor"))
        let events = watcher.start()
        let ledger = Ledger()
        let threads = Mutex<[String]>([])
        let consumer = Task(executorPreference: executor) {
            var files = 0
            for await event in events {
                guard case .complete(let file) = event else { continue }
                threads.withLock { $0.append(Self.threadName()) }
                // Hops away and back: an actor and a sleep on the global executor.
                await ledger.record(file.path.description)
                try? await Task.sleep(for: .milliseconds(5))
                threads.withLock { $0.append(Self.threadName()) }
                files += 1
                if files == 3 { return files }
            }
            return files
        }
        try await Task.sleep(for: .milliseconds(300))
        for index in 0..<3 { _ = tree.write("\(index).jpg", Fixture.jpeg()) }
        let files = await consumer.value
        // Stopping waits for the inotify thread, so it happens here, off that thread.
        watcher.stop()
        #expect(files == 3)
        #expect(await ledger.seen.count == 3)
        #expect(threads.withLock { $0 } == Array(repeating: "relight-inotify", count: 6))
    }
}
