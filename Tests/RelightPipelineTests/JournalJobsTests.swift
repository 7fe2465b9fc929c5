import Foundation
import Testing
@testable import RelightPipeline

@Suite struct JournalJobsTests {
    func items(_ count: Int, folder: (Int) -> String = { _ in "/in" }, state: (Int) -> ItemState = { _ in .done }) -> [JournalItem] {
        (0..<count).map { index in
            JournalItem(
                sourceSHA256: String(format: "%064x", index), profile: "p", fingerprint: "f", sourcePath: "/in/\(index).jpg",
                watchPath: folder(index), provider: "local", state: state(index))
        }
    }

    @Test(arguments: TestPostgres.kinds) func pagesNewestFirstByIdWithoutGapsOrRepeats(_ kind: JournalKind) async throws {
        let fixture = try JournalFixture(kind)
        let journal = try await fixture.open()
        let ids = try await journal.insert(items(2_000, state: { $0 % 2 == 0 ? .failed : .done }))
        #expect(ids.count == 2_000)
        var seen: [Int64] = []
        var before: Int64?
        repeat {
            let page = try await journal.jobs(limit: 333, before: before)
            #expect(page.items.count <= 333)
            seen += page.items.compactMap(\.id)
            before = page.nextBefore
        } while before != nil
        #expect(seen == ids.reversed())
        let failed = try await journal.jobs(state: .failed, limit: 5_000)
        #expect(failed.items.count == Journal.maximumPageSize && failed.items.allSatisfy { $0.state == .failed })
        var total = failed.items.count
        var next = failed.nextBefore
        while let before = next {
            let page = try await journal.jobs(state: .failed, limit: 5_000, before: before)
            total += page.items.count
            next = page.nextBefore
        }
        #expect(total == 1_000)
    }

    @Test(arguments: TestPostgres.kinds) func countsPerFolderAndState(_ kind: JournalKind) async throws {
        let fixture = try JournalFixture(kind)
        let journal = try await fixture.open()
        try await journal.insert(items(9, folder: { $0 < 6 ? "/a" : "/b" }, state: { $0 % 3 == 0 ? .failed : .done }))
        #expect(try await journal.countsByFolder() == ["/a": ["failed": 2, "done": 4], "/b": ["failed": 1, "done": 2]])
    }
}
