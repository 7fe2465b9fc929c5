import Foundation
import RelightConfig
import RelightPipeline

/// The dashboard at `/`: one HTML page rendered on the server, with no external assets beyond the
/// binary's own small script (`/assets/dashboard.js`: the before/after sliders and live updates).
/// Every file name, path and error is HTML-escaped. The recent jobs are one page of the journal
/// (keyset pagination), so the page stays light however long the journal grows.
struct Dashboard {
    let report: StatusReport
    let tokenRequired: Bool
    let retryEnabled: Bool
    /// The page of jobs shown, newest first.
    let jobs: [StatusReport.Job]
    /// The `before` this page was asked for; nil for the newest page, which updates live.
    let before: Int64?
    /// The `before` of the next (older) page; nil on the last page.
    let nextBefore: Int64?

    /// The dashboard with a page of jobs (by default the report's recent jobs).
    init(
        report: StatusReport, tokenRequired: Bool, retryEnabled: Bool, jobs: [StatusReport.Job]? = nil, before: Int64? = nil,
        nextBefore: Int64? = nil
    ) {
        self.report = report
        self.tokenRequired = tokenRequired
        self.retryEnabled = retryEnabled
        self.jobs = jobs ?? report.recent
        self.before = before
        self.nextBefore = nextBefore
    }

    /// How many jobs a page of the dashboard shows.
    static let pageSize = 12

    var html: String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>relight status</title>
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <style>\(Self.style)</style></head>
        <body>
        <header><h1>relight</h1><span id="health" class="badge \(report.healthy ? "ok" : "bad")">\(e(report.health))</span>\
        <nav><b>Status</b> · <a href="/profiles">Profiles</a></nav></header>
        \(providerSection)
        \(countsSection)
        \(foldersSection)
        \(hostsSection)
        \(failuresSection)
        \(recentSection)
        <footer>Updated <span id="updated">\(e(Self.time(report.generatedAt)))</span> · <a href="/api/status">JSON</a> · <a href="/metrics">metrics</a></footer>
        <script type="application/json" id="dashboard-config">{"live":\(before == nil),"interval":2000}</script>
        <script src="/assets/dashboard.js?v=\(DashboardScript.version)" defer></script>
        </body></html>
        """
    }

    var providerSection: String {
        let provider = report.provider
        var rows = [
            row("Provider", e(provider.name)),
            row("State", "<span id=\"provider-state\" class=\"badge \(provider.state == "running" ? "ok" : "bad")\">\(e(provider.state))</span>"),
        ]
        if let reason = provider.reason { rows.append(row("Reason", e(reason))) }
        if let until = provider.pausedUntil { rows.append(row("Paused until", e(Self.time(until)))) }
        if let perDay = provider.budgetPerDay {
            rows.append(row("Budget left today", "\(Self.number(provider.budgetLeftToday ?? 0)) of \(Self.number(perDay)) credits"))
        } else {
            rows.append(row("Budget", "no daily limit"))
        }
        rows.append(row("Credits", "\(Self.number(report.credits.today)) today, \(Self.number(report.credits.total)) in total"))
        rows.append(row("Queue", "\(report.queue.waiting) waiting, \(report.queue.inFlight) in flight"))
        return "<section id=\"provider\"><h2>Provider</h2><table>\(rows.joined())</table></section>"
    }

    var countsSection: String {
        let cells = ItemState.allCases.map { state in
            // Queued photos of folders the daemon does not serve are counted, and said to wait.
            let unwatched = state == .queued ? report.unwatched(state.rawValue) : 0
            let note = unwatched > 0 ? "<small class=\"unwatched\">\(unwatched) in folders not watched</small>" : ""
            return "<div class=\"count\" id=\"count-\(state.rawValue)\"><b>\(report.counts[state.rawValue] ?? 0)</b><span>\(state.rawValue)</span>\(note)</div>"
        }
        return "<section><h2>Queue</h2><div class=\"counts\">\(cells.joined())</div></section>"
    }

    /// The hosts of a shared journal (rendered on each page load; the live update leaves it as it is).
    var hostsSection: String {
        guard let hosts = report.hosts, !hosts.isEmpty else { return "" }
        let head = "<tr><th>Host</th><th>State</th><th>Last heartbeat</th><th>Holding</th><th>Serves</th></tr>"
        let rows = hosts.map { host in
            "<tr><td>\(e(host.id))</td><td><span class=\"badge \(host.alive ? "ok" : "bad")\">\(host.alive ? "alive" : "silent")</span></td>"
                + "<td>\(e(Self.time(host.heartbeatAt)))</td><td>\(Self.held(host))</td>"
                + "<td class=\"path\">\(e(host.servedPaths.joined(separator: ", ")))</td></tr>"
        }
        return "<section id=\"hosts\"><h2>Hosts on \(e(report.journal ?? "the shared journal"))</h2><table>\(head)\(rows.joined())</table></section>"
    }

    /// A host's leases: how many, and the items by name and state.
    static func held(_ host: Journal.HostRecord) -> String {
        guard host.holding > 0 else { return "0" }
        let names = host.held.map { "<li>\(HTMLText.escape($0.summary))</li>" }.joined()
        let more = host.holding > host.held.count ? "<li>… and \(host.holding - host.held.count) more</li>" : ""
        return "\(host.holding)<ul class=\"held\">\(names)\(more)</ul>"
    }

    var foldersSection: String {
        // An empty placeholder, so live updates have a place to put the first folder.
        guard !report.folders.isEmpty else { return "<section id=\"folders\" hidden></section>" }
        let states = ItemState.allCases.map(\.rawValue)
        let head = "<tr><th>Folder</th>" + states.map { "<th>\($0)</th>" }.joined() + "</tr>"
        func table(_ folders: [StatusReport.Folder]) -> String {
            let rows = folders.map { folder in
                let name = folder.path.isEmpty ? "(relight run)" : folder.path
                return "<tr><td class=\"path\">\(e(name))</td>" + states.map { "<td>\(folder.counts[$0] ?? 0)</td>" }.joined() + "</tr>"
            }
            return "<table>\(head)\(rows.joined())</table>"
        }
        // Folders the daemon does not serve: `relight run`'s, and folders that left relight.yaml.
        let watched = report.folders.filter { $0.watched != false }, others = report.folders.filter { $0.watched == false }
        var html = "<section id=\"folders\">"
        if !watched.isEmpty { html += "<h2>Watched folders</h2>" + table(watched) }
        if !others.isEmpty {
            html += "<h2>Other folders in the journal</h2><p class=\"note\">From <code>relight run</code>, or no longer in "
                + "relight.yaml: the daemon leaves their queued photos alone (add a folder back to have them relit).</p>" + table(others)
        }
        return html + "</section>"
    }

    var failuresSection: String {
        guard !report.failures.isEmpty else { return "<section id=\"failures\"><h2>Failures</h2><p>None.</p></section>" }
        let rows = report.failures.map { job in
            """
            <tr class="failure"><td>#\(job.id)</td><td class="name">\(e(job.fileName))</td><td>\(e(job.profile))</td>\
            <td>\(job.attempts)</td><td class="error">\(e(job.error ?? "unknown error"))</td><td>\(retryForm(job.id))</td></tr>
            """
        }
        return """
            <section id="failures"><h2>Failures</h2><table><tr><th>Job</th><th>File</th><th>Profile</th><th>Attempts</th>\
            <th>Reason</th><th></th></tr>\(rows.joined())</table></section>
            """
    }

    private func retryForm(_ id: Int64) -> String {
        guard retryEnabled else { return "<span title=\"set status.token_env to enable\">retry disabled</span>" }
        let token = tokenRequired ? "<input type=\"password\" name=\"token\" placeholder=\"token\" required>" : ""
        return "<form method=\"post\" action=\"/api/jobs/\(id)/retry\">\(token)<button type=\"submit\">Retry</button></form>"
    }

    private func row(_ label: String, _ value: String) -> String { "<tr><th>\(label)</th><td>\(value)</td></tr>" }
    private func e(_ text: String) -> String { HTMLText.escape(text) }

    static func number(_ value: Double) -> String { CreditEstimate.format(value) }

    static func time(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    static let style = """
        body{font:14px/1.4 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1em;color:#222;background:#fafafa}
        header{display:flex;gap:1em;align-items:center}h1{margin:0}h2{font-size:1.1em;margin:1.2em 0 .4em}
        .badge{padding:.15em .6em;border-radius:1em;color:#fff}.ok{background:#2a7d3a}.bad{background:#b3261e}
        ul.held{margin:.2em 0 0;padding-left:1.2em;font-size:.9em;color:#444}
        table{border-collapse:collapse;background:#fff}th,td{border:1px solid #ddd;padding:.3em .6em;text-align:left;vertical-align:top}
        .counts{display:flex;flex-wrap:wrap;gap:.5em}.count{background:#fff;border:1px solid #ddd;padding:.4em .8em;text-align:center}
        .count b{display:block;font-size:1.4em}.count small{display:block;color:#8a5a00}.jobs{display:flex;flex-wrap:wrap;gap:.8em}
        .job{background:#fff;border:1px solid #ddd;padding:.5em;max-width:500px}.pair{display:flex;gap:4px}
        .thumb{width:240px;height:180px;object-fit:contain;background:#eee}.pending{display:flex;align-items:center;justify-content:center;color:#777}
        nav{margin-left:auto}.pages{margin-top:.6em;display:flex;gap:1em}.job .meta{max-width:320px}
        .job .pair .thumb{width:158px;height:210px}
        .compare{position:relative;display:block;width:320px;max-width:100%;line-height:0;cursor:ew-resize;user-select:none;touch-action:none;--pos:50%;background:#eee}
        .compare img{display:block;width:100%;height:auto;pointer-events:none}.compare img.after{position:absolute;inset:0;clip-path:inset(0 0 0 var(--pos))}
        .compare .handle{position:absolute;top:0;bottom:0;left:var(--pos);width:4px;margin-left:-2px;background:#fff;box-shadow:0 0 3px #000a;outline:none}
        .compare .handle::after{content:"";position:absolute;top:50%;left:50%;width:22px;height:22px;margin:-11px;border-radius:50%;background:#fff;box-shadow:0 0 3px #000a}
        .compare .handle:focus-visible::after,.compare .handle:focus::after{background:#4a90e2}
        .compare .tag{position:absolute;top:6px;padding:2px 6px;font:12px/1.4 system-ui,sans-serif;color:#fff;background:#0008;pointer-events:none}
        .compare .tag.b{left:6px}.compare .tag.a{right:6px}.compare.full{width:auto;max-width:none;display:inline-block}.compare.full img{width:auto;max-width:none}
        .error{color:#b3261e;white-space:pre-wrap;word-break:break-word}.name,.path{word-break:break-all}
        footer{margin-top:2em;color:#777}form{margin:0}
        """
}
