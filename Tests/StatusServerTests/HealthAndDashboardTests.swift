import Foundation
import RelightConfig
import Relighting
@testable import RelightPipeline
@testable import StatusServer
import Testing

@Suite struct HealthAndDashboardTests {
    let redactor = SecretRedactor(secrets: ["pd_SECRET_123"])

    func snapshot(paused: String? = nil, running: Bool = true) -> Pipeline.Snapshot {
        Pipeline.Snapshot(queued: 3, running: 1, pausedReason: paused, pausedUntil: nil, isRunning: running)
    }

    func health(watching: Bool = true, stopping: Bool = false, fallbacks: [String: String] = [:]) -> DaemonHealth {
        let health = DaemonHealth()
        if watching { health.watcherReady() }
        if stopping { health.shuttingDown() }
        health.pollingFallbacks(fallbacks)
        return health
    }

    @Test func healthSaysWhyItIsNotOK() {
        #expect(StatusSource.health(snapshot: snapshot(), health: health(), redactor: redactor) == (true, "ok"))
        let paused = StatusSource.health(
            snapshot: snapshot(paused: "the API answered 401 for key pd_SECRET_123"), health: health(), redactor: redactor)
        #expect(paused == (false, "paused: the API answered 401 for key ***"))
        #expect(StatusSource.health(snapshot: snapshot(running: false), health: health(), redactor: redactor).0 == false)
        #expect(StatusSource.health(snapshot: snapshot(), health: health(watching: false), redactor: redactor).1.contains("not all in place"))
        #expect(StatusSource.health(snapshot: snapshot(), health: health(stopping: true), redactor: redactor) == (false, "shutting down"))
        let exhausted = StatusSource.health(
            snapshot: snapshot(), health: health(fallbacks: ["/nas/b": "out of watches", "/nas/a": "fs.inotify.max_user_watches"]), redactor: redactor)
        #expect(exhausted == (false, "watches exhausted: /nas/a is polled instead of watched: fs.inotify.max_user_watches"))
    }

    @Test func escapesMarkupInEveryText() {
        #expect(HTMLText.escape(#"<img src=x onerror="alert(1)">&'"#) == "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;")
        var item = JournalItem(
            sourceSHA256: "aa", profile: "p<", fingerprint: "f", sourcePath: "/in/<script>alert(1)<script>.jpg", watchPath: "/in<", provider: "local",
            state: .failed)
        item.id = 7
        item.lastError = "bad <b>thing</b> with pd_SECRET_123"
        let job = StatusReport.Job(item, redactor: redactor)
        let report = StatusReport(
            healthy: false, health: "paused: <402>",
            provider: .init(name: "pixeldojo", state: "paused", reason: "<402>", pausedUntil: nil, budgetPerDay: 100, budgetLeftToday: 12.5),
            queue: .init(waiting: 0, inFlight: 0), counts: ["failed": 1], folders: [.init(path: "/in<", counts: ["failed": 1])],
            credits: .init(today: 87.5, total: 87.5), failures: [job], recent: [job], generatedAt: Date())
        let html = Dashboard(report: report, tokenRequired: true, retryEnabled: true).html
        #expect(!html.contains("<script>x") && !html.contains("<b>thing") && !html.contains("<402>") && !html.contains("/in<"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;script&gt;.jpg") && html.contains("bad &lt;b&gt;thing&lt;/b&gt; with ***"))
        #expect(html.contains("12.50 of 100 credits"), "budget left today")
        #expect(html.contains("name=\"token\""))
        #expect(!html.contains("pd_SECRET_123"))
        let closed = Dashboard(report: report, tokenRequired: true, retryEnabled: false).html
        #expect(!closed.contains("<form") && closed.contains("retry disabled"))
    }
}

extension HealthAndDashboardTests {
    /// A running local daemon's report with these totals and folders, nothing else.
    static func report(counts: [String: Int], folders: [StatusReport.Folder]) -> StatusReport {
        StatusReport(
            healthy: true, health: "ok", provider: .init(name: "local", state: "running", reason: nil, pausedUntil: nil, budgetPerDay: nil, budgetLeftToday: nil),
            queue: .init(waiting: 0, inFlight: 0), counts: counts, folders: folders,
            credits: .init(today: 0, total: 0), failures: [], recent: [], generatedAt: Date())
    }

    /// The journal's folders the daemon does not serve (a `relight run`'s, one that left relight.yaml) are
    /// not listed as watched.
    @Test func foldersTheDaemonDoesNotServeAreListedApart() {
        let report = Self.report(
            counts: ["done": 3],
            folders: [.init(path: "/studio/in", counts: ["done": 2], watched: true), .init(path: "/home/ana/shoot", counts: ["done": 1], watched: false)])
        let html = Dashboard(report: report, tokenRequired: false, retryEnabled: false).html
        guard let watched = html.range(of: "Watched folders"), let others = html.range(of: "Other folders in the journal") else {
            Issue.record("both headings: \(html)")
            return
        }
        let watchedPart = html[watched.upperBound..<others.lowerBound], othersPart = html[others.upperBound...]
        #expect(watchedPart.contains("/studio/in") && !watchedPart.contains("/home/ana/shoot"))
        #expect(othersPart.contains("/home/ana/shoot") && othersPart.contains("relight run"))
    }

    @Test func queuedPhotosOfFoldersNotWatchedAreSaidToWait() {
        var report = Self.report(
            counts: ["queued": 4],
            folders: [.init(path: "/studio/in", counts: ["queued": 1], watched: true), .init(path: "/studio/old", counts: ["queued": 3], watched: false)])
        #expect(report.unwatched("queued") == 3)
        let html = Dashboard(report: report, tokenRequired: false, retryEnabled: false).html
        #expect(html.contains("<b>4</b><span>queued</span><small class=\"unwatched\">3 in folders not watched</small>"), "\(html)")
        report.folders[1].watched = true
        #expect(!Dashboard(report: report, tokenRequired: false, retryEnabled: false).html.contains("in folders not watched"))
    }

    /// A Latin-1 source name (see PathBytes) shows as `caf\xE9.jpg` in the report and, HTML-escaped, on the page.
    @Test func aNameThatIsNotUTF8IsShownEscaped() {
        let path = PathBytes(bytes: Array("/in/<caf".utf8) + [0xE9] + Array(".jpg".utf8)).string
        var item = JournalItem(sourceSHA256: "aa", profile: "p", fingerprint: "f", sourcePath: path, watchPath: "/in", provider: "local", state: .failed)
        item.id = 3
        item.lastError = "cannot read \(path)"
        let job = StatusReport.Job(item, redactor: redactor)
        #expect(job.fileName == "<caf\\xE9.jpg" && job.sourcePath == "/in/<caf\\xE9.jpg" && job.error == "cannot read /in/<caf\\xE9.jpg")
        let report = StatusReport(
            healthy: true, health: "ok", provider: .init(name: "local", state: "running", reason: nil, pausedUntil: nil, budgetPerDay: nil, budgetLeftToday: nil),
            queue: .init(waiting: 0, inFlight: 0), counts: ["failed": 1], folders: [], credits: .init(today: 0, total: 0),
            failures: [job], recent: [job], generatedAt: Date())
        let html = Dashboard(report: report, tokenRequired: false, retryEnabled: false).html
        #expect(html.contains("&lt;caf\\xE9.jpg") && !html.unicodeScalars.contains { $0.value >= 0x10_FF00 })
    }
}

extension HealthAndDashboardTests {
    /// Issue 14: each host of a shared journal is listed with what it holds, by name and state, escaped.
    @Test func hostsAreListedWithTheItemsTheyHold() {
        let held = (1...3).map { Journal.HeldItem(id: Int64($0), sourcePath: "/in/<shoot>-\($0).jpg", profile: "warm", state: .submitted, leaseUntil: Date()) }
        var report = StatusReport(
            healthy: true, health: "ok", provider: .init(name: "pixeldojo", state: "running", reason: nil, pausedUntil: nil, budgetPerDay: nil, budgetLeftToday: nil),
            queue: .init(waiting: 0, inFlight: 3), counts: [:], folders: [], credits: .init(today: 0, total: 0),
            failures: [], recent: [], generatedAt: Date())
        report.hosts = [
            Journal.HostRecord(id: "studio-a", servedPaths: ["/in"], heartbeatAt: Date(), startedAt: Date(), holding: 25, held: held, statusListen: nil, alive: true),
            Journal.HostRecord(id: "studio-b", servedPaths: ["/in"], heartbeatAt: Date(), startedAt: Date(), holding: 0, statusListen: nil, alive: false),
        ]
        let html = Dashboard(report: report, tokenRequired: false, retryEnabled: false).html
        #expect(html.contains("<li>&lt;shoot&gt;-2.jpg [warm] submitted</li>"), "held items by name, escaped")
        #expect(html.contains("… and 22 more"), "the count is whole when the list is cut")
        #expect(html.contains("studio-b") && html.contains("silent"))
    }
}
