#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Logging
import RelightConfig
import Synchronization
import Testing
@testable import FolderWatch

/// Real folders, real inotify (and the poll watcher where it applies).
@Suite(.timeLimit(.minutes(2)))
struct InotifyScenarioTests {
    @Test(arguments: [WatchMode.inotify, .poll])
    func slowWriterIsReportedOnceAfterTheLastChunk(mode: WatchMode) async throws {
        let tree = TempFolder("slow")
        // The settle window is well above the 300 ms between chunks, so a loaded machine whose sleeps
        // overshoot does not make a still-growing file look finished.
        let harness = WatchHarness([WatchHarness.entry(tree.path, settle: .seconds(2), mode: mode)])
        await harness.waitReady()
        // Two writers, 10 chunks over 3 s: one keeps the file open, one opens, appends and closes each time.
        let held = tree.sub("held.jpg")
        let reopened = tree.sub("reopened.jpg")
        let chunk = [UInt8](repeating: 0x44, count: 1000)
        let fd = held.withCString { open($0, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        #expect(fd >= 0)
        // The writer is a thread of its own, as a real copy is another process: its pace does
        // not depend on the test pool, which other suites may keep busy.
        let finished = Mutex(false)
        let writer = Thread {
            for i in 0..<10 {
                let bytes = i == 0 ? Fixture.jpeg(1000) : chunk
                _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, bytes.count) }
                TempFolder.write(reopened, bytes, append: true)
                usleep(300_000)
            }
            close(fd)
            finished.withLock { $0 = true }
        }
        writer.start()
        while !finished.withLock({ $0 }) {
            try await Task.sleep(for: .milliseconds(100))
            if finished.withLock({ $0 }) { break }
            #expect(harness.completes(held).isEmpty, "reported while still being written")
            #expect(harness.completes(reopened).isEmpty, "reported while still being written")
        }
        #expect(await harness.waitComplete(held))
        #expect(await harness.waitComplete(reopened))
        await harness.quiesce(.milliseconds(2500))
        #expect(harness.completes(held).map(\.stamp.size) == [10_000])
        #expect(harness.completes(reopened).map(\.stamp.size) == [10_000])
        await harness.stop()
    }

    @Test(arguments: [WatchMode.inotify, .poll])
    func tempFileRenamedIntoPlace(mode: WatchMode) async {
        let tree = TempFolder("rename")
        let harness = WatchHarness([WatchHarness.entry(tree.path, mode: mode)])
        await harness.waitReady()
        let part = tree.write(".x.jpg.part", Fixture.jpeg(4096))
        TempFolder.rename(part, tree.sub("x.jpg"))
        #expect(await harness.waitComplete(tree.sub("x.jpg")))
        await harness.quiesce()
        #expect(harness.completes.map(\.path) == [tree.sub("x.jpg")])
        await harness.stop()
    }

    @Test(arguments: [WatchMode.inotify, .poll])
    func emptyPlaceholderThenFilledIsReportedOnceWithItsContent(mode: WatchMode) async throws {
        let tree = TempFolder("placeholder")
        let harness = WatchHarness([WatchHarness.entry(tree.path, settle: .milliseconds(200), mode: mode)])
        await harness.waitReady()
        let file = tree.write("finder.jpg", [])
        // Longer than settle: the empty placeholder settles, sniffs as empty and is dropped.
        try await Task.sleep(for: .milliseconds(700))
        #expect(harness.completes(file).isEmpty)
        TempFolder.write(file, Fixture.jpeg(5000))
        #expect(await harness.waitComplete(file))
        // And a placeholder refilled within the settle window.
        let quick = tree.write("quick.jpg", [])
        TempFolder.write(quick, Fixture.png(3000))
        #expect(await harness.waitComplete(quick))
        await harness.quiesce()
        #expect(harness.completes(file).map(\.stamp.size) == [5000])
        #expect(harness.completes(quick).map(\.stamp.size) == [3000])
        #expect(harness.logs.count("it is empty") <= 2)
        await harness.stop()
    }

    @Test func mkdirThenImmediateWriteIsNotMissed() async {
        let tree = TempFolder("mkdir")
        let harness = WatchHarness([WatchHarness.entry(tree.path, settle: .milliseconds(100))])
        await harness.waitReady()
        var expected: [WatchPath] = []
        for i in 0..<25 {
            let folder = tree.sub("a\(i)/b/c")
            TempFolder.makeDirectories(folder)
            let file = folder.appending("shot\(i).jpg")
            TempFolder.write(file, Fixture.jpeg())
            expected.append(file)
        }
        #expect(await harness.wait { _ in Set(harness.completes.map(\.path)) == Set(expected) })
        await harness.quiesce()
        #expect(harness.completes.count == expected.count)
        // New files in the new folders arrive through their watches.
        let later = tree.sub("a3/b/c/later.jpg")
        TempFolder.write(later, Fixture.jpeg())
        #expect(await harness.waitComplete(later))
        await harness.stop()
    }

    @Test func renamedFolderKeepsPathsRight() async throws {
        let tree = TempFolder("dirrename")
        let harness = WatchHarness([WatchHarness.entry(tree.path, settle: .milliseconds(100))])
        tree.mkdir("before/inner")
        await harness.waitReady()
        try await Task.sleep(for: .milliseconds(200))
        TempFolder.rename(tree.sub("before"), tree.sub("after"))
        try await Task.sleep(for: .milliseconds(100))
        let top = tree.write("after/new.jpg", Fixture.jpeg())
        let deep = tree.write("after/inner/deep.jpg", Fixture.jpeg())
        #expect(await harness.waitComplete(top))
        #expect(await harness.waitComplete(deep))
        // Rename again, twice, then write: still right.
        TempFolder.rename(tree.sub("after"), tree.sub("again"))
        TempFolder.rename(tree.sub("again/inner"), tree.sub("moved-inner"))
        try await Task.sleep(for: .milliseconds(100))
        let third = tree.write("moved-inner/third.jpg", Fixture.jpeg())
        #expect(await harness.waitComplete(third))
        await harness.quiesce()
        #expect(harness.completes.allSatisfy { [top, deep, third].contains($0.path) })
        #expect(harness.completes.count == 3)
        await harness.stop()
    }

    @Test func folderMovedInWithFilesAndMovedOut() async throws {
        let tree = TempFolder("movein")
        let outside = TempFolder("outside")
        let harness = WatchHarness([WatchHarness.entry(tree.path, settle: .milliseconds(100))])
        await harness.waitReady()
        outside.mkdir("shoot/sub")
        outside.write("shoot/a.jpg", Fixture.jpeg())
        outside.write("shoot/sub/b.png", Fixture.png())
        TempFolder.rename(outside.sub("shoot"), tree.sub("shoot"))
        #expect(await harness.waitComplete(tree.sub("shoot/a.jpg")))
        #expect(await harness.waitComplete(tree.sub("shoot/sub/b.png")))
        let inside = tree.write("shoot/sub/c.jpg", Fixture.jpeg())
        #expect(await harness.waitComplete(inside))
        // Moved out: files written there afterwards are not ours.
        TempFolder.rename(tree.sub("shoot"), outside.sub("gone"))
        try await Task.sleep(for: .milliseconds(200))
        outside.write("gone/sub/d.jpg", Fixture.jpeg())
        let control = tree.write("control.jpg", Fixture.jpeg())
        #expect(await harness.waitComplete(control))
        await harness.quiesce()
        #expect(!harness.completes.contains { $0.path.description.contains("d.jpg") })
        #expect(harness.completes.count == 4)
        await harness.stop()
    }

    @Test func deletedFolderRecreatedIsWatchedAgain() async throws {
        let tree = TempFolder("recreate")
        let harness = WatchHarness([WatchHarness.entry(tree.path, settle: .milliseconds(100))])
        await harness.waitReady()
        tree.mkdir("d")
        let first = tree.write("d/a.jpg", Fixture.jpeg())
        #expect(await harness.waitComplete(first))
        TempFolder.removeTree(tree.sub("d"))
        try await Task.sleep(for: .milliseconds(100))
        tree.mkdir("d")
        let second = tree.write("d/b.jpg", Fixture.jpeg())
        #expect(await harness.waitComplete(second))
        await harness.stop()
    }

    @Test(arguments: [WatchMode.inotify, .poll])
    func watchedRootDeletedAndRecreated(mode: WatchMode) async throws {
        let tree = TempFolder("root")
        let root = tree.mkdir("inbox")
        let harness = WatchHarness([WatchHarness.entry(root, settle: .milliseconds(100), mode: mode)])
        await harness.waitReady()
        TempFolder.removeTree(root)
        #expect(await harness.wait { $0.contains { if case .rootUnavailable = $0 { true } else { false } } })
        tree.mkdir("inbox/warm")
        let file = tree.write("inbox/warm/back.jpg", Fixture.jpeg())
        #expect(await harness.wait { $0.contains { if case .rootRestored = $0 { true } else { false } } })
        #expect(await harness.waitComplete(file))
        let later = tree.write("inbox/later.jpg", Fixture.jpeg())
        #expect(await harness.waitComplete(later))
        #expect(harness.logs.contains(.warning, "watched folder is unavailable"))
        await harness.stop()
    }

    @Test func startupScanIsMarked() async {
        let tree = TempFolder("startup")
        let old = tree.write("old.jpg", Fixture.jpeg())
        let harness = WatchHarness([WatchHarness.entry(tree.path, settle: .milliseconds(100))])
        await harness.waitReady()
        let new = tree.write("new.jpg", Fixture.jpeg())
        #expect(await harness.waitComplete(old))
        #expect(await harness.waitComplete(new))
        #expect(harness.completes(old).map(\.origin) == [.startupScan])
        #expect(harness.completes(new).map(\.origin) == [.event])
        await harness.stop()
    }

    @Test func stopIsPrompt() async {
        let tree = TempFolder("stop")
        let harness = WatchHarness([WatchHarness.entry(tree.path)])
        await harness.waitReady()
        let started = ContinuousClock.now
        await harness.stop()
        // The requirement is 1.5 s; the bound here is loose for a busy machine.
        #expect(started.duration(to: .now) < .seconds(5))
    }
}
