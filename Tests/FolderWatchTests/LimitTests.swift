#if canImport(Glibc)
import Glibc
#endif
import Logging
import RelightConfig
import Testing
@testable import FolderWatch

@Suite(.timeLimit(.minutes(3)))
struct LimitTests {
    /// 20,000 files as fast as possible, with events lost on the way. The kernel's queue size
    /// (max_queued_events) is fixed when the process's one inotify instance is created, so a real
    /// overflow cannot be forced from inside the test process: the hook drops 4,000 of this tree's
    /// events and then reports IN_Q_OVERFLOW, as a full kernel queue would. The benchmark
    /// (Benchmarks/watch/run.sh burst) produces a real overflow.
    @Test func twentyThousandFilesEachReportedExactlyOnce() async {
        let tree = TempFolder("burst")
        tree.mkdir("a")
        tree.mkdir("b")
        let harness = WatchHarness([WatchHarness.entry(tree.path, settle: .milliseconds(100))])
        await harness.waitReady()
        let payload = Fixture.jpeg(32)
        var expected: Set<WatchPath> = []
        for i in 0..<20_000 {
            if i == 5_000 { harness.watcher.simulateOverflow(entryIndex: 0, dropping: 4_000) }
            let path = tree.sub(i % 2 == 0 ? "a/\(i).jpg" : "b/\(i).jpg")
            TempFolder.write(path, payload)
            expected.insert(path)
        }
        let all = await harness.wait(for: 90) { _ in harness.completes.count >= 20_000 }
        #expect(all)
        await harness.quiesce(.seconds(1))
        let paths = harness.completes.map(\.path)
        #expect(paths.count == 20_000)
        // Compare counts, not the sets themselves: a failure would print 20,000 paths.
        #expect(Set(paths).symmetricDifference(expected).count == 0)
        #expect(harness.logs.contains(.warning, "overflowed"))
        await harness.stop()
    }

    /// ENOSPC from inotify_add_watch (simulated: the kernel limit is per user and shared with the
    /// other tests): the tree is polled instead, with one warning naming the sysctl.
    @Test func runningOutOfWatchesFallsBackToPolling() async {
        let tree = TempFolder("enospc")
        for i in 0..<6 { tree.mkdir("f\(i)/g") }
        let before = tree.write("f3/g/before.jpg", Fixture.jpeg())
        let harness = WatchHarness([WatchHarness.entry(tree.path, settle: .milliseconds(100), pollInterval: .milliseconds(100))],
                                   watchLimit: 3)
        await harness.waitReady()
        #expect(harness.snapshot.contains { if case .ready(_, .poll) = $0 { true } else { false } })
        let after = tree.write("f5/g/after.jpg", Fixture.jpeg())
        #expect(await harness.waitComplete(before))
        #expect(await harness.waitComplete(after))
        await harness.quiesce()
        #expect(harness.logs.count("fs.inotify.max_user_watches") == 1)
        #expect(harness.snapshot.filter { if case .pollingFallback = $0 { true } else { false } }.count == 1)
        #expect(harness.completes.count == 2)
        await harness.stop()
    }

    /// libinotifytools waits with select(2): a descriptor ≥ 1024 would abort the process. Initialised
    /// early, the watcher keeps working after the process has opened 1,100 more descriptors.
    @Test func earlyInitialisationSurvivesManyOpenDescriptors() async throws {
        #expect(FolderWatch.initializeInotify() == .available)
        #expect(!InotifyHub.isSelectSafe(1100))
        #expect(InotifyHub.isSelectSafe(3))
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        if limit.rlim_cur < 2048, limit.rlim_max >= 2048 {
            limit.rlim_cur = 2048
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
            getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        try #require(limit.rlim_cur >= 1400, "needs RLIMIT_NOFILE >= 1400")
        var opened: [Int32] = []
        defer { for fd in opened { close(fd) } }
        for _ in 0..<1100 {
            let fd = open("/dev/null", O_RDONLY | O_CLOEXEC)
            if fd >= 0 { opened.append(fd) }
        }
        #expect(opened.count == 1100)
        #expect((opened.max() ?? 0) >= 1024)
        let hub = try InotifyHub.shared.get()
        #expect(InotifyHub.isSelectSafe(hub.descriptor))
        let tree = TempFolder("fds")
        let harness = WatchHarness([WatchHarness.entry(tree.path, settle: .milliseconds(50))])
        await harness.waitReady()
        #expect(harness.snapshot.contains { if case .ready(_, .inotify) = $0 { true } else { false } })
        let file = tree.write("x.jpg", Fixture.jpeg())
        #expect(await harness.waitComplete(file))
        await harness.stop()
    }
}
