#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Testing
@testable import FolderWatch

/// The monitor behind hot reload and the journal watch: real folders, real inotify, real renames.
@Suite(.timeLimit(.minutes(1)))
struct DirectoryMonitorTests {
    /// Counts the monitor's callbacks and waits for the next ones.
    final class Calls: Sendable {
        private let count = Mutex(0)

        func record() { count.withLock { $0 += 1 } }

        var value: Int { count.withLock { $0 } }

        /// Waits until the count is above `previous` (true) or `seconds` pass (false).
        func wait(above previous: Int, seconds: Double = 5) async throws -> Bool {
            let deadline = ContinuousClock.now.advanced(by: .milliseconds(Int(seconds * 1000)))
            while value <= previous {
                guard ContinuousClock.now < deadline else { return false }
                try await Task.sleep(for: .milliseconds(10))
            }
            return true
        }

        /// Whether nothing is called for `seconds`.
        func staysAt(_ previous: Int, seconds: Double = 0.3) async throws -> Bool {
            try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
            return value == previous
        }
    }

    func start(_ targets: [DirectoryMonitor.Target]) throws -> (DirectoryMonitor, Calls) {
        let calls = Calls()
        let monitor = try DirectoryMonitor.start(targets) { calls.record() }.get()
        return (monitor, calls)
    }

    @Test func aFileRenamedOverTheNameIsSeenAndOtherNamesAreNot() async throws {
        let folder = TempFolder("monitor")
        folder.write("relight.yaml", Array("a: 1\n".utf8))
        let (monitor, calls) = try start([.init(directory: folder.path.description, names: ["relight.yaml"])])
        defer { monitor.stop() }
        folder.write("other.txt", Array("x".utf8))
        #expect(try await calls.staysAt(0), "another file in the folder is not reported")
        // An editor's save: a new file under another name, renamed over the old one.
        folder.write("relight.yaml.tmp", Array("a: 2\n".utf8))
        #expect(rename(folder.sub("relight.yaml.tmp").description, folder.sub("relight.yaml").description) == 0)
        #expect(try await calls.wait(above: 0))
        let afterRename = calls.value
        folder.write("relight.yaml", Array("a: 3\n".utf8))
        #expect(try await calls.wait(above: afterRename), "a write in place is reported too")
    }

    @Test func aFolderReplacedByARenameIsFollowed() async throws {
        let base = TempFolder("monitor")
        base.mkdir("profiles")
        base.write("profiles/warm.yaml", Array("prompt: warm\n".utf8))
        let (monitor, calls) = try start([.init(directory: base.sub("profiles").description, followsReplacement: true)])
        defer { monitor.stop() }
        base.mkdir("profiles.new")
        base.write("profiles.new/cold.yaml", Array("prompt: cold\n".utf8))
        #expect(try await calls.staysAt(0), "a folder beside the watched one is not reported")
        #expect(rename(base.sub("profiles").description, base.sub("profiles.old").description) == 0)
        #expect(rename(base.sub("profiles.new").description, base.sub("profiles").description) == 0)
        #expect(try await calls.wait(above: 0), "the replacement is reported")
        try await Task.sleep(for: .milliseconds(200))  // the rest of the batch
        let replaced = calls.value
        base.write("profiles.old/warm.yaml", Array("prompt: warmer\n".utf8))
        #expect(try await calls.staysAt(replaced), "the old folder, moved away, is no longer watched")
        base.write("profiles/cold.yaml", Array("prompt: colder\n".utf8))
        #expect(try await calls.wait(above: replaced), "an edit in the new folder is reported")
    }

    @Test func aFolderRemovedAndCreatedAgainIsWatchedAgain() async throws {
        let base = TempFolder("monitor")
        base.mkdir("profiles")
        let (monitor, calls) = try start([.init(directory: base.sub("profiles").description, followsReplacement: true)])
        defer { monitor.stop() }
        #expect(rmdir(base.sub("profiles").description) == 0)
        #expect(try await calls.wait(above: 0))
        base.mkdir("profiles")
        try await Task.sleep(for: .milliseconds(200))  // the rest of the batch
        let created = calls.value
        base.write("profiles/warm.yaml", Array("prompt: warm\n".utf8))
        #expect(try await calls.wait(above: created))
    }

    @Test func everyWriteReportsWritesToAFileThatStaysOpen() async throws {
        let folder = TempFolder("monitor")
        let (monitor, calls) = try start([.init(directory: folder.path.description, names: ["journal.sqlite-wal"], everyWrite: true)])
        defer { monitor.stop() }
        let fd = open(folder.sub("journal.sqlite-wal").description, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        #expect(fd >= 0)
        defer { close(fd) }
        #expect(try await calls.wait(above: 0), "created")
        try await Task.sleep(for: .milliseconds(200))  // the rest of the batch
        let opened = calls.value
        #expect(write(fd, "frame", 5) == 5)
        #expect(try await calls.wait(above: opened), "a write without a close is reported")
    }

    @Test func stopEndsTheThreadAndIsSafeTwice() throws {
        let folder = TempFolder("monitor")
        let (monitor, _) = try start([.init(directory: folder.path.description)])
        monitor.stop()
        monitor.stop()
    }
}
