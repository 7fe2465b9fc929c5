import Foundation
import RelightPipeline
import Testing
@testable import relight

/// `relight status` counts the whole journal; the queued count says how many of its photos are in folders
/// no host watches, so nobody waits on a daemon that leaves them alone.
@Suite struct StatusTextTests {
    @Test func queuedPhotosOfUnwatchedFoldersAreSaidToWait() {
        let summary = Journal.Summary(counts: ["queued": 5, "done": 2])
        var text = StatusText(
            summary: summary, journalPath: "/var/lib/relight/journal.sqlite",
            folders: ["/studio/in": ["queued": 2, "done": 2], "/studio/old": ["queued": 3]], watched: ["/studio/in"])
        #expect(text.text.contains("queued      5 (3 in folders not watched, listed below)"), "\(text.text)")
        #expect(text.text.contains("/studio/old (not watched: relight run, or no longer in relight.yaml): 3 queued"), "\(text.text)")
        // On a shared journal, a folder another live host serves is watched (a silent host's is not).
        text.hosts = [
            Journal.HostRecord(id: "b", servedPaths: ["/studio/old"], heartbeatAt: Date(), startedAt: Date(), holding: 0, statusListen: nil, alive: false)
        ]
        #expect(text.text.contains("(3 in folders not watched, listed below)"), "\(text.text)")
        text.hosts[0].alive = true
        #expect(text.text.contains("queued      5\n"), "\(text.text)")
        #expect(!text.text.contains("not watched"))
        text.hosts = []
        text.watched = ["/studio/in", "/studio/old"]
        #expect(text.text.contains("queued      5\n"), "\(text.text)")
        #expect(!text.text.contains("not watched"))
    }
}
