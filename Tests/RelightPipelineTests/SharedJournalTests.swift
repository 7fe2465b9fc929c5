import Foundation
import PostgresNIO
import Relighting
import Testing
@testable import RelightPipeline

/// Several hosts on one PostgreSQL: claims, leases, the fence, the shared budget and pause, and
/// `journal migrate`. Runs under `make test`, which starts the server; left out of a plain `swift test`.
@Suite(.enabled(if: TestPostgres.url != nil, "needs RELIGHT_TEST_POSTGRES_URL (make test starts a PostgreSQL)"))
struct SharedJournalTests {
    func item(_ index: Int, profile: String = "warm", folder: String = "/in") -> JournalItem {
        JournalItem(
            sourceSHA256: String(format: "%064x", index), profile: profile, fingerprint: "f", sourcePath: "\(folder)/\(index).jpg",
            watchPath: folder, provider: "pixeldojo")
    }

    func lease(_ host: String, timeout: Duration = .seconds(30), budget: Journal.BudgetCheck? = nil) -> Journal.Lease {
        Journal.Lease(host: host, timeout: timeout, servedPaths: ["/in"], budget: budget)
    }

    @Test func twoHostsThatSeeTheSameFileMakeOneItem() async throws {
        let fixture = try JournalFixture(.postgresql)
        let a = try await fixture.open(host: "a"), b = try await fixture.open(host: "b")
        async let first = a.enqueue(item(1))
        async let second = b.enqueue(item(1))
        let outcomes = try await [first, second]
        let queued = outcomes.filter { if case .queued = $0 { true } else { false } }
        #expect(queued.count == 1, "exactly one host queues it; the other finds it")
        #expect(try await a.openItems().count == 1)
    }

    @Test func eachItemIsClaimedByOneHostAndTheFenceStopsALapsedOne() async throws {
        let fixture = try JournalFixture(.postgresql)
        let a = try await fixture.open(host: "a"), b = try await fixture.open(host: "b")
        try await a.insert((0..<20).map { var row = item($0); row.state = .queued; return row })
        // Two hosts claim concurrently: every item goes to exactly one of them.
        async let fromA: [Int64] = claimAll(a, lease("a"))
        async let fromB: [Int64] = claimAll(b, lease("b"))
        let (claimedA, claimedB) = try await (fromA, fromB)
        #expect(Set(claimedA).isDisjoint(with: claimedB))
        #expect(claimedA.count + claimedB.count == 20)
        // A lapsed lease is taken over, and the old holder's writes are refused.
        let c = try await fixture.open(host: "c")
        try await c.insert([{ var row = item(99); row.state = .queued; return row }()])
        // The lease is long enough that a loaded machine (the whole suite runs in parallel) still
        // asks again well inside it; the test then waits for it to lapse.
        let shortLease = Duration.seconds(3)
        let claimedAt = ContinuousClock.now
        guard case .claimed(let held) = try await c.claimNext(lease: lease("c", timeout: shortLease)) else {
            Issue.record("c must claim the new item"); return
        }
        let whileLive = try await b.claim(id: held.id!, lease: lease("b"))
        if ContinuousClock.now - claimedAt < shortLease {
            #expect(whileLive == .unavailable, "a live lease holds")
        } else {
            Issue.record("the machine was too slow to ask within \(shortLease); the live-lease check says nothing")
        }
        try await Task.sleep(until: claimedAt + shortLease + .milliseconds(500))
        guard case .claimed(let taken) = try await b.claim(id: held.id!, lease: lease("b")) else {
            Issue.record("b must take over the lapsed item"); return
        }
        #expect(taken.leaseToken == held.leaseToken + 1 && taken.leaseOwner == "b")
        var stale = held
        stale.state = .writing
        await #expect(throws: LeaseLostError.self) { try await c.save(stale) }
        var current = taken
        current.state = .done
        try await b.save(current)
        #expect(try await b.item(id: held.id!)?.state == .done)
    }

    @Test func theFenceChecksTheHolderAsWellAsTheToken() async throws {
        // A claim commits without waiting for the disk, so a database crash can lose it and let
        // another host's claim reach the same token: the holder's name tells the two apart.
        let fixture = try JournalFixture(.postgresql)
        let a = try await fixture.open(host: "a"), b = try await fixture.open(host: "b")
        try await a.insert([{ var row = item(5); row.state = .queued; return row }()])
        guard case .claimed(let held) = try await b.claimNext(lease: lease("b")) else { Issue.record("b must claim the item"); return }
        var lost = held
        lost.leaseOwner = "a"
        lost.state = .relighting
        await #expect(throws: LeaseLostError.self) { try await a.save(lost) }
        #expect(try await b.item(id: held.id!)?.state == .queued, "the refused write changed nothing")
    }

    @Test func aFinishedItemGivesUpItsLeaseInTheSaveThatFinishesIt() async throws {
        let fixture = try JournalFixture(.postgresql)
        let a = try await fixture.open(host: "a"), b = try await fixture.open(host: "b")
        try await a.insert((0..<2).map { var row = item($0); row.state = .queued; return row })
        guard case .claimed(var done) = try await a.claimNext(lease: lease("a")),
              case .claimed(var later) = try await a.claimNext(lease: lease("a"))
        else { Issue.record("a must claim both items"); return }
        done.state = .done
        try await a.save(done)
        try await a.release(done, host: "a")
        let saved = try #require(try await b.item(id: done.id!))
        #expect(saved.leaseOwner == nil && saved.leaseUntil == nil && saved.state == .done)
        // An item waiting for a retry keeps its lease until the host releases it.
        later.nextAttemptAt = Date().addingTimeInterval(-1)
        try await a.save(later)
        #expect(try await b.claimNext(lease: lease("b")) == .unavailable, "a still holds the item waiting for a retry")
        try await a.release(later, host: "a")
        guard case .claimed(let taken) = try await b.claimNext(lease: lease("b")) else { Issue.record("b takes the released item"); return }
        #expect(taken.id == later.id)
    }

    @Test func aJournalOfAnEarlierSchemaIsMigratedWhenOpened() async throws {
        let fixture = try JournalFixture(.postgresql)
        let first = try #require(try await fixture.open().backend as? PostgresJournal)
        _ = try await first.insert([{ var row = item(1); row.state = .queued; return row }()])
        // Back to the first schema, as a journal written by an earlier relight has it.
        try await first.query("DELETE FROM relight_schema WHERE version > 1")
        try await first.query("DROP INDEX item_reserved")
        try await first.query("CREATE INDEX item_lease_owner ON item (lease_owner) WHERE lease_owner IS NOT NULL")
        let again = try #require(try await fixture.open(host: "b").backend as? PostgresJournal)
        let versions = try await again.query("SELECT version FROM relight_schema ORDER BY version").map { try $0.decode(Int.self) }
        #expect(versions == PostgresSchema.migrations.map(\.0))
        let indexes = try await again.query("SELECT indexname FROM pg_indexes WHERE tablename = 'item'").map { try $0.decode(String.self) }
        #expect(indexes.contains("item_reserved") && !indexes.contains("item_lease_owner"))
        #expect(try await again.openItems().count == 1, "the items are still there")
    }

    func claimAll(_ journal: Journal, _ lease: Journal.Lease) async throws -> [Int64] {
        var ids: [Int64] = []
        while case .claimed(let item) = try await journal.claimNext(lease: lease) { ids.append(item.id!) }
        return ids
    }

    @Test func theSharedBudgetIsNeverOverspentByConcurrentClaims() async throws {
        let fixture = try JournalFixture(.postgresql)
        let hosts = try await [fixture.open(host: "a"), fixture.open(host: "b"), fixture.open(host: "c")]
        try await hosts[0].insert((0..<30).map { var row = item($0); row.state = .queued; return row })
        let budget = Journal.BudgetCheck(creditsPerDay: 10, estimates: ["warm": 1], startOfDay: Calendar.current.startOfDay(for: Date()))
        // Each host claims and "submits" (records a job id and its credit) until the budget says no.
        let charged = try await withThrowingTaskGroup(of: Int.self) { group in
            for (index, journal) in hosts.enumerated() {
                group.addTask {
                    var charged = 0
                    while case .claimed(var item) = try await journal.claimNext(lease: lease("h\(index)", budget: budget)) {
                        item.jobID = "job-\(item.id!)"
                        item.credits = 1
                        item.submittedAt = Date()
                        item.state = .submitted
                        try await journal.save(item)
                        charged += 1
                    }
                    return charged
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(charged == 10)
        #expect(try await hosts[0].creditsSpent(since: Calendar.current.startOfDay(for: Date())) == 10)
    }

    @Test func aPauseOneHostSawHoldsEveryHostAndHostsAreListed() async throws {
        let fixture = try JournalFixture(.postgresql)
        let a = try await fixture.open(host: "a"), b = try await fixture.open(host: "b")
        try await a.setSharedPause(.init(reason: "402 insufficient credits", until: Date().addingTimeInterval(60), host: "a"))
        #expect(try await b.sharedPause()?.reason == "402 insufficient credits")
        try await a.setSharedPause(nil)
        #expect(try await b.sharedPause() == nil)
        try await a.heartbeat(.init(host: "a", leaseTimeout: .seconds(30), servedPaths: ["/in"], holding: [], statusListen: nil, startedAt: Date()))
        try await b.heartbeat(.init(host: "b", leaseTimeout: .seconds(30), servedPaths: ["/other"], holding: [], statusListen: "127.0.0.1:1", startedAt: Date()))
        let hosts = try await a.hosts()
        #expect(hosts.map(\.id) == ["a", "b"] && hosts.allSatisfy(\.alive))
        #expect(hosts.last?.servedPaths == ["/other"])
    }

    @Test func anIdleHostIsToldOfNewWork() async throws {
        let fixture = try JournalFixture(.postgresql)
        let a = try await fixture.open(host: "a"), b = try await fixture.open(host: "b")
        let announcements = try #require(b.announcements())
        var iterator = announcements.makeAsyncIterator()
        _ = await iterator.next()  // the listener connected
        let started = ContinuousClock.now
        _ = try await a.enqueue(item(7))
        _ = await iterator.next()
        // The journal itself never polls, so any answer at all is the NOTIFY; the bound only has
        // to hold on two shared cores under the parallel suite, where 10 s have been seen.
        #expect(ContinuousClock.now - started < .seconds(60))
    }

    @Test func migrateCopiesOpenDoneAndFailedItemsAndCanRunTwice() async throws {
        let fixture = try JournalFixture(.postgresql)
        let sqlite = try SQLiteJournal(stateDirectory: fixture.scratch.url("state"))
        let local = Journal(backend: sqlite)
        var open = item(1)
        open.state = .submitted
        open.jobID = "job-1"
        open.credits = 2
        var done = item(2)
        done.state = .done
        done.outputs = ["/out/2_warm_1.jpg"]
        var failed = item(3)
        failed.state = .failed
        failed.lastError = "the provider said no"
        let ids = try await local.insert([open, done, failed])
        try await local.recordSource(path: "/in/2.jpg", size: 10, mtime: 1, sha256: done.sourceSHA256)
        try await local.recordUpload(StoredUpload(key: "relight/1.jpg", size: 1, contentType: "image/jpeg", sha256: "s"), itemID: ids[0])
        let target = try #require(try await fixture.open().backend as? PostgresJournal)
        let first = try await JournalMigration.copy(from: sqlite, to: target)
        #expect(first.itemsCopied == 3 && first.sourcesCopied == 1 && first.uploadsCopied == 1)
        let second = try await JournalMigration.copy(from: sqlite, to: target)
        #expect(second.itemsCopied == 0 && second.itemsAlreadyThere == 3 && second.sourcesCopied == 0 && second.uploadsCopied == 0)
        let shared = Journal(backend: target)
        let copied = try await shared.openItems()
        #expect(copied.count == 1 && copied.first?.jobID == "job-1" && copied.first?.credits == 2)
        #expect(try await shared.summary().counts == ["submitted": 1, "done": 1, "failed": 1])
        #expect(try await shared.knownSource(path: "/in/2.jpg", size: 10, mtime: 1) == done.sourceSHA256)
        guard case .alreadyDone(let reused) = try await shared.enqueue(item(2)) else { Issue.record("done history must deduplicate"); return }
        #expect(reused.outputs == ["/out/2_warm_1.jpg"])
        #expect(try await shared.undeletedUploads().inUse.map(\.upload.key) == ["relight/1.jpg"])
    }
}
