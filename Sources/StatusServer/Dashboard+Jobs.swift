import Foundation

extension Dashboard {
    /// The page of recent jobs, with links to newer and older pages.
    var recentSection: String {
        let empty = jobs.isEmpty ? "<p id=\"no-jobs\">Nothing yet: drop photos into a watched folder.</p>" : ""
        var links: [String] = []
        if before != nil { links.append("<a href=\"/\" id=\"newer\">← Newest jobs</a>") }
        if let nextBefore { links.append("<a href=\"/?before=\(nextBefore)\" id=\"older\">Older jobs →</a>") }
        let title = before == nil ? "Recent jobs" : "Jobs before #\(before ?? 0)"
        return """
            <section id="recent"><h2>\(title)</h2>\(empty)<div class="jobs">\(Self.cards(jobs))</div>\
            <nav class="pages">\(links.joined())</nav></section>
            """
    }

    /// One card per job: a before/after slider once it is done, else the source and its state.
    static func cards(_ jobs: [StatusReport.Job]) -> String {
        jobs.map(card).joined()
    }

    static func card(_ job: StatusReport.Job) -> String {
        let picture: String
        if job.state == "done" && job.thumbnailAfter != nil {
            picture = slider(job, full: false)
        } else {
            picture = """
                <div class="pair"><img class="thumb before" src="\(e(job.thumbnailBefore))" alt="before" \
                onload="this.dataset.loaded=1" onerror="this.style.visibility='hidden'">\
                <div class="thumb pending">\(e(job.state))</div></div>
                """
        }
        let full = job.state == "done" && job.thumbnailAfter != nil ? " · <a class=\"full\" href=\"/compare/\(job.id)\">full size</a>" : ""
        return """
            <div class="job \(e(job.state))" id="job-\(job.id)" data-state="\(e(job.state))">\(picture)\
            <div class="meta"><span class="name">\(e(job.fileName))</span> · <span class="profile">\(e(job.profile))</span> · \
            <span class="state">\(e(job.state))</span>\(full)</div>\
            \(job.error.map { "<div class=\"error\">\(e($0))</div>" } ?? "")</div>
            """
    }

    /// The before/after slider of a done job: the source framed as the output underneath, the
    /// output on top, clipped at the handle. The handle is a keyboard-focusable ARIA slider.
    static func slider(_ job: StatusReport.Job, full: Bool) -> String {
        """
        <div class="compare\(full ? " full" : "")" data-pos="50" style="--pos:50%"\(full ? "" : " data-full=\"/compare/\(job.id)\" title=\"Drag to compare; double-click for full size\"")>\
        <img class="before" src="/compare/\(job.id)/before" alt="\(e("before: \(job.fileName)"))" draggable="false" \
        onload="this.dataset.loaded=1" onerror="this.style.visibility='hidden'">\
        <img class="after" src="/compare/\(job.id)/after" alt="\(e("after: \(job.fileName) with \(job.profile)"))" draggable="false" \
        onload="this.dataset.loaded=1">\
        <span class="tag b">before</span><span class="tag a">after</span>\
        <div class="handle" role="slider" tabindex="0" aria-label="\(e("Before and after of \(job.fileName) with \(job.profile)"))" \
        aria-valuemin="0" aria-valuemax="100" aria-valuenow="50" aria-valuetext="50% before"></div></div>
        """
    }

    /// The full-size comparison page of one done job, at the output's own resolution.
    static func comparisonPage(_ job: StatusReport.Job) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>\(e(job.fileName)) · \(e(job.profile)) · relight</title>
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <style>\(style)body{max-width:none}</style></head>
        <body>
        <header><h1>\(e(job.fileName))</h1><span class="badge ok">\(e(job.profile))</span>\
        <nav><a href="/">Status</a> · <a href="/profiles">Profiles</a></nav></header>
        <p>Drag the handle, or focus it and use the arrow keys (Home and End jump to the ends). \
        Shown at the output's resolution. <a href="/compare/\(job.id)/after">The output file</a>.</p>
        \(slider(job, full: true))
        <p class="path">\(e(job.outputs.first ?? ""))</p>
        <script src="/assets/dashboard.js?v=\(DashboardScript.version)" defer></script>
        </body></html>
        """
    }

    private static func e(_ text: String) -> String { HTMLText.escape(text) }
}
