import Foundation
import RelightPipeline
import Testing

/// The dashboard with 10,000 jobs in the journal: one page of cards at a time, linked by id.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct DashboardPagingTests {
    @Test func theDashboardShowsOnePageOfTenThousandJobs() async throws {
        let port = StatusHTTP.freePort()
        let base = "http://127.0.0.1:\(port)"
        let studio = try Studio.withStatus(port: port)
        let journal = try Journal(stateDirectory: studio.path(".relight"))
        try await journal.insert((0..<10_000).map { index in
            JournalItem(
                sourceSHA256: String(format: "%064x", index), profile: "golden-hour", fingerprint: "f", sourcePath: "/old/<b>\(index).jpg",
                watchPath: "/old", provider: "local", state: index % 10 == 0 ? .failed : .done)
        })
        let daemon = try DaemonProcess(config: studio.config)
        try await daemon.waitUntilReady()
        try await eventually("the server") { (try? await StatusHTTP.get("\(base)/healthz"))?.status == 200 }

        // The page does not grow with the journal: one page of twelve cards and a link to older ones. (How
        // fast it answers is a benchmark's question; a wall-clock bound here failed on loaded CI machines.)
        let first = try await StatusHTTP.get("\(base)/")
        #expect(first.status == 200)
        #expect(Self.cardIDs(first.text) == Array((9_989...10_000).reversed()))
        #expect(first.text.contains("href=\"/?before=9989\" id=\"older\""))
        #expect(first.text.contains("&lt;b&gt;9999.jpg") && !first.text.contains("<b>9999"))
        #expect(first.text.contains("{\"live\":true"))

        let second = try await StatusHTTP.get("\(base)/?before=9989")
        #expect(Self.cardIDs(second.text) == Array((9_977...9_988).reversed()))
        #expect(second.text.contains("id=\"newer\"") && second.text.contains("{\"live\":false"), "older pages do not update live")

        let last = try await StatusHTTP.get("\(base)/?before=5")
        #expect(Self.cardIDs(last.text) == [4, 3, 2, 1] && !last.text.contains("id=\"older\""))

        let live = try await StatusHTTP.get("\(base)/dashboard/jobs")
        #expect(Self.cardIDs(live.text) == Array((9_989...10_000).reversed()))
        let script = try await StatusHTTP.get("\(base)/assets/dashboard.js")
        #expect(script.status == 200 && script.headers["content-type"]?.hasPrefix("text/javascript") == true)
        #expect(try await daemon.stop() == 0)
    }

    static func cardIDs(_ html: String) -> [Int] {
        html.components(separatedBy: "class=\"job ").dropFirst().compactMap { card in
            guard let range = card.range(of: #"id="job-(\d+)""#, options: .regularExpression) else { return nil }
            return Int(card[range].dropFirst(8).dropLast())
        }
    }
}
