import Testing
@testable import FolderWatch

/// The settle logic, driven with explicit instants: no sleeping.
struct SettleStateMachineTests {
    let t0 = ContinuousClock.now
    let file = WatchPath("/in/warm/a.jpg")

    func stamp(_ size: Int64, _ mtime: Int64, inode: UInt64 = 7) -> FileStamp {
        FileStamp(device: 1, inode: inode, size: size, modified: mtime)
    }

    func at(_ ms: Int) -> ContinuousClock.Instant { t0.advanced(by: .milliseconds(ms)) }

    @Test func zeroSettleReportsAtOnce() {
        var machine = SettleStateMachine(settle: .zero)
        let settled = machine.touched(file, stamp: stamp(10, 1), origin: .event, now: t0)
        #expect(settled == .init(path: file, stamp: stamp(10, 1), origin: .event))
        #expect(machine.nextDeadline() == nil)
        // The same stamp again (a rescan, a second close without a write) is not reported again.
        #expect(machine.touched(file, stamp: stamp(10, 1), origin: .rescan, now: at(5)) == nil)
    }

    @Test func reportsOnlyAfterSettleWithUnchangedStamp() {
        var machine = SettleStateMachine(settle: .seconds(1))
        #expect(machine.touched(file, stamp: stamp(10, 1), origin: .event, now: t0) == nil)
        #expect(machine.nextDeadline() == at(1000))
        #expect(machine.due(now: at(999), stat: { _ in stamp(10, 1) }).isEmpty)
        let settled = machine.due(now: at(1000), stat: { _ in stamp(10, 1) })
        #expect(settled.map(\.path) == [file])
        #expect(machine.nextDeadline() == nil)
        #expect(machine.due(now: at(5000), stat: { _ in stamp(10, 1) }).isEmpty)
    }

    @Test func growingFileWaitsUntilItStopsChanging() {
        var machine = SettleStateMachine(settle: .seconds(1))
        _ = machine.touched(file, stamp: stamp(10, 1), origin: .event, now: t0)
        // Still growing at the deadline: not reported, checked again one settle later.
        #expect(machine.due(now: at(1000), stat: { _ in stamp(20, 2) }).isEmpty)
        #expect(machine.nextDeadline() == at(2000))
        #expect(machine.due(now: at(2000), stat: { _ in stamp(30, 3) }).isEmpty)
        let settled = machine.due(now: at(3000), stat: { _ in stamp(30, 3) })
        #expect(settled == [.init(path: file, stamp: stamp(30, 3), origin: .event)])
    }

    @Test func anotherCloseRestartsTheWait() {
        var machine = SettleStateMachine(settle: .seconds(1))
        _ = machine.touched(file, stamp: stamp(10, 1), origin: .event, now: t0)
        _ = machine.touched(file, stamp: stamp(20, 2), origin: .event, now: at(800))
        #expect(machine.due(now: at(1000), stat: { _ in stamp(20, 2) }).isEmpty)
        #expect(machine.due(now: at(1800), stat: { _ in stamp(20, 2) }).count == 1)
    }

    @Test func placeholderThenRefillIsReportedAgainWithTheFinalContent() {
        var machine = SettleStateMachine(settle: .milliseconds(100))
        _ = machine.touched(file, stamp: stamp(0, 1), origin: .event, now: t0)
        let empty = machine.due(now: at(100), stat: { _ in stamp(0, 1) })
        #expect(empty.map(\.stamp.size) == [0])
        _ = machine.touched(file, stamp: stamp(5000, 2), origin: .event, now: at(300))
        let full = machine.due(now: at(400), stat: { _ in stamp(5000, 2) })
        #expect(full.map(\.stamp.size) == [5000])
        #expect(machine.touched(file, stamp: stamp(5000, 2), origin: .rescan, now: at(500)) == nil)
    }

    @Test func vanishedFileIsDropped() {
        var machine = SettleStateMachine(settle: .seconds(1))
        _ = machine.touched(file, stamp: stamp(10, 1), origin: .event, now: t0)
        #expect(machine.due(now: at(1000), stat: { _ in nil }).isEmpty)
        #expect(machine.nextDeadline() == nil)
        _ = machine.touched(file, stamp: stamp(10, 1), origin: .event, now: at(1100))
        machine.forget(file)
        #expect(machine.due(now: at(3000), stat: { _ in stamp(10, 1) }).isEmpty)
    }

    @Test func startupOriginIsKeptWhileSettling() {
        var machine = SettleStateMachine(settle: .seconds(1))
        _ = machine.touched(file, stamp: stamp(10, 1), origin: .startupScan, now: t0)
        _ = machine.touched(file, stamp: stamp(10, 1), origin: .event, now: at(10))
        #expect(machine.due(now: at(1010), stat: { _ in stamp(10, 1) }).map(\.origin) == [.startupScan])
    }

    @Test func renamedFolderCarriesPendingFilesAlong() {
        var machine = SettleStateMachine(settle: .seconds(1))
        let other = WatchPath("/in/other/b.jpg")
        _ = machine.touched(file, stamp: stamp(10, 1), origin: .event, now: t0)
        _ = machine.touched(other, stamp: stamp(10, 1, inode: 8), origin: .event, now: at(100))
        machine.renameTree(from: WatchPath("/in/warm"), to: WatchPath("/in/cool"))
        let settled = machine.due(now: at(2000), stat: { $0 == other ? stamp(10, 1, inode: 8) : stamp(10, 1) })
        #expect(Set(settled.map(\.path)) == [WatchPath("/in/cool/a.jpg"), other])
    }

    @Test func manyFilesSettleEachExactlyOnce() {
        var machine = SettleStateMachine(settle: .milliseconds(50))
        for i in 0..<10_000 {
            _ = machine.touched(WatchPath("/in/\(i).jpg"), stamp: stamp(1, 1), origin: .event, now: at(i / 100))
        }
        var seen: [WatchPath] = []
        for ms in stride(from: 0, through: 300, by: 10) {
            seen += machine.due(now: at(ms), stat: { _ in stamp(1, 1) }).map(\.path)
        }
        #expect(seen.count == 10_000)
        #expect(Set(seen).count == 10_000)
        #expect(machine.pendingCount == 0)
    }
}
