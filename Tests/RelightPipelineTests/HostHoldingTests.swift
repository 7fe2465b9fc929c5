import Foundation
import Testing
@testable import RelightPipeline

/// Issue 14: `relight status`, `/api/status` and the dashboard show what each host holds, by name.
@Suite(.enabled(if: TestPostgres.url != nil, "needs RELIGHT_TEST_POSTGRES_URL (make test starts a PostgreSQL)"))
struct HostHoldingTests {
    func queued(_ index: Int) -> JournalItem {
        var item = JournalItem(
            sourceSHA256: String(format: "%064x", 1000 + index), profile: "warm", fingerprint: "f", sourcePath: "/in/photo-\(index).jpg",
            watchPath: "/in", provider: "pixeldojo")
        item.state = .queued
        return item
    }

    func beat(_ journal: Journal, _ host: String, holding: [Int64]) async throws {
        _ = try await journal.heartbeat(.init(host: host, leaseTimeout: .seconds(30), servedPaths: ["/in"], holding: holding, statusListen: nil, startedAt: Date()))
    }

    @Test func eachHostListsTheItemsItHoldsByName() async throws {
        let fixture = try JournalFixture(.postgresql)
        let a = try await fixture.open(host: "a"), b = try await fixture.open(host: "b")
        try await a.insert((0..<25).map(queued))
        let lease = { (host: String) in Journal.Lease(host: host, timeout: .seconds(30), servedPaths: ["/in"]) }
        var heldByA: [JournalItem] = []
        for _ in 0..<22 {
            guard case .claimed(let item) = try await a.claimNext(lease: lease("a")) else { Issue.record("a must claim"); return }
            heldByA.append(item)
        }
        guard case .claimed(var taken) = try await b.claimNext(lease: lease("b")) else { Issue.record("b must claim"); return }
        taken.state = .submitted
        try await b.save(taken)
        try await beat(a, "a", holding: heldByA.compactMap(\.id))
        try await beat(b, "b", holding: [taken.id!])

        let hosts = try await b.hosts()
        let hostA = try #require(hosts.first { $0.id == "a" }), hostB = try #require(hosts.first { $0.id == "b" })
        #expect(hostA.holding == 22)
        #expect(hostA.held.count == Journal.HostRecord.heldShown, "a long list is cut, the count is whole")
        #expect(hostA.held.map(\.id) == Array(heldByA.prefix(Journal.HostRecord.heldShown)).map(\.id), "oldest first")
        #expect(hostB.holding == 1)
        #expect(hostB.held.map(\.summary) == ["photo-22.jpg [warm] submitted"], "by name, profile and state: \(hostB.held)")
        // Given up: no longer listed.
        try await b.release(taken, host: "b")
        #expect(try await a.hosts().first { $0.id == "b" }?.held.isEmpty == true)
    }
}
