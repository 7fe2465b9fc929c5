import RelightPipeline
import Testing
@testable import relight

/// `relight status` counts the whole journal; photos queued in folders relight.yaml does not watch are
/// said to wait there, so nobody waits on a daemon that leaves them alone.
@Suite struct StatusTextTests {
    @Test func queuedPhotosOfUnwatchedFoldersAreSaidToWait() {
        let summary = Journal.Summary(counts: ["queued": 5, "done": 2])
        var text = StatusText(
            summary: summary, journalPath: "/var/lib/relight/journal.sqlite",
            folders: ["/studio/in": ["queued": 2, "done": 2], "/studio/old": ["queued": 3]], watched: ["/studio/in"])
        #expect(text.text.contains("queued      5 (3 in folders relight.yaml does not watch: they wait until it does)"), "\(text.text)")
        text.watched = ["/studio/in", "/studio/old"]
        #expect(text.text.contains("queued      5\n"), "\(text.text)")
        #expect(!text.text.contains("do not watch") && !text.text.contains("does not watch"))
    }
}
