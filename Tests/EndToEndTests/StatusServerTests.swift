import Foundation
import RelightPipeline
import StatusServer
import Testing

/// The status server of a real `relight watch`: endpoints, metrics, the dashboard, retry and its token.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct StatusServerTests {
    @Test func endpointsAnswerAndMetricsMoveAsWorkFlows() async throws {
        let port = StatusHTTP.freePort()
        let base = "http://127.0.0.1:\(port)"
        let studio = try Studio.withStatus(port: port)
        let daemon = try DaemonProcess(config: studio.config)
        try await daemon.waitUntilReady()
        try await eventually("healthz to answer 200") { (try? await StatusHTTP.get("\(base)/healthz"))?.status == 200 }
        #expect(try await StatusHTTP.get("\(base)/healthz").text == "ok\n")

        let idle = try await StatusHTTP.get("\(base)/metrics")
        #expect(idle.status == 200 && idle.headers["content-type"]?.hasPrefix("text/plain") == true)
        #expect(StatusHTTP.metric("relight_files_detected_total", in: idle.text) == 0, "\(idle.text)")
        #expect(StatusHTTP.metric("relight_items_done_total", in: idle.text) == 0)
        #expect(idle.text.contains("relight_stage_duration_seconds_bucket{stage=\"settle\""))

        try studio.drop("rocket.jpg", as: "inbox/golden-hour/rocket.jpg")
        try studio.drop("chelsea.png", as: "inbox/neon-night/cat.png")
        try await daemon.waitFor("both outputs") {
            studio.exists("relit/golden-hour/rocket_golden-hour.relight.json") && studio.exists("relit/neon-night/cat_neon-night.relight.json")
        }
        try await eventually("the done counter to reach 2") {
            StatusHTTP.metric("relight_items_done_total", in: try await StatusHTTP.get("\(base)/metrics").text) == 2
        }
        let busy = try await StatusHTTP.get("\(base)/metrics").text
        #expect(StatusHTTP.metric("relight_files_detected_total", in: busy) == 2)
        #expect(StatusHTTP.metric("relight_items_queued_total", in: busy) == 2)
        #expect(StatusHTTP.metric("relight_items_failed_total", in: busy) == 0)
        #expect(StatusHTTP.metric("relight_items_in_flight", in: busy) == 0)
        for stage in ["settle", "queue_wait", "provider", "write"] {
            #expect(StatusHTTP.metric("relight_stage_duration_seconds_count{stage=\"\(stage)\"}", in: busy) == 2, "\(stage): \(busy)")
        }

        let status = try await StatusHTTP.get("\(base)/api/status")
        #expect(status.status == 200 && status.headers["content-type"] == "application/json")
        let report = try StatusReport.decoder.decode(StatusReport.self, from: status.body)
        #expect(report.healthy && report.health == "ok")
        #expect(report.counts["done"] == 2)
        #expect(report.provider.name == "local" && report.provider.state == "running" && report.provider.budgetPerDay == nil)
        #expect(report.folders.map(\.path) == [studio.path("inbox")] && report.folders.first?.counts["done"] == 2)
        #expect(Set(report.recent.map(\.fileName)) == ["rocket.jpg", "cat.png"])

        // Thumbnails: real JPEGs, made once and cached under state_dir/thumbnails.
        for job in report.recent {
            for path in [job.thumbnailBefore, try #require(job.thumbnailAfter)] {
                let thumbnail = try await StatusHTTP.get(base + path)
                #expect(thumbnail.status == 200 && thumbnail.headers["content-type"] == "image/jpeg")
                #expect(thumbnail.body.prefix(3) == Data([0xFF, 0xD8, 0xFF]), "\(path)")
            }
        }
        #expect(studio.files(".relight/thumbnails").count == 4)
        #expect(try await StatusHTTP.get("\(base)/thumbnails/999/before").status == 404)

        let done = try await StatusHTTP.get("\(base)/api/jobs?state=done&limit=1")
        let page = try JSONSerialization.jsonObject(with: done.body) as? [String: Any]
        #expect((page?["jobs"] as? [Any])?.count == 1 && page?["next_before"] as? Int != nil)
        #expect(try await StatusHTTP.get("\(base)/api/jobs?state=bogus").status == 400)
        #expect(try await StatusHTTP.request("POST", "\(base)/api/jobs/999/retry").status == 404)
        let first = try #require(report.recent.first)
        #expect(try await StatusHTTP.request("POST", "\(base)/api/jobs/\(first.id)/retry").status == 409, "a done job is not retried")
        #expect(try await StatusHTTP.get("\(base)/nowhere").status == 404)

        let page2 = try await StatusHTTP.get("\(base)/")
        #expect(page2.status == 200 && page2.headers["content-type"]?.hasPrefix("text/html") == true)
        #expect(page2.text.contains("id=\"count-done\"><b>2</b>"))
        // A done job's card is a before/after slider at the output's resolution.
        #expect(page2.text.contains("src=\"/compare/\(first.id)/before\"") && page2.text.contains("role=\"slider\""))
        let framed = try await StatusHTTP.get("\(base)/compare/\(first.id)/before")
        #expect(framed.status == 200 && framed.body.prefix(3) == Data([0xFF, 0xD8, 0xFF]))
        let output = try await StatusHTTP.get("\(base)/compare/\(first.id)/after")
        #expect(output.status == 200 && output.headers["content-type"]?.hasPrefix("image/") == true)
        #expect(try await StatusHTTP.get("\(base)/compare/\(first.id)").text.contains("class=\"compare full\""))

        let text = try studio.relight(["status"])
        #expect(text.output.contains("Daemon: healthy; provider local running"), "\(text.output)")
        #expect(text.output.contains("\(studio.path("inbox")): 2 done"), "\(text.output)")
        #expect(try await daemon.stop() == 0)
        let after = try studio.relight(["status"])
        #expect(after.output.contains("Daemon: not answering on http://127.0.0.1:\(port)/api/status"), "\(after.output)")
    }

    @Test func failuresShowEscapedAndRetryNeedsTheTokenOffLoopback() async throws {
        let port = StatusHTTP.freePort()
        let base = "http://127.0.0.1:\(port)"
        let studio = try Studio.withStatus(port: port, host: "0.0.0.0")
        let daemon = try DaemonProcess(config: studio.config, environment: ["RELIGHT_STATUS_TOKEN": "tok-for-tests-42"])
        try await daemon.waitUntilReady()
        let evil = "<img src=x onerror=alert(1)>.jpg"
        try studio.dropCorrupt(as: "inbox/golden-hour/\(evil)")
        try await eventually("the failure on the dashboard") {
            (try? await StatusHTTP.get("\(base)/api/jobs?state=failed"))?.text.contains("onerror") == true
        }
        let page = try await StatusHTTP.get("\(base)/")
        #expect(page.text.contains("&lt;img src=x onerror=alert(1)&gt;.jpg"), "the name shows as text")
        #expect(!page.text.contains("<img src=x"), "the name never becomes markup")
        #expect(page.text.contains("name=\"token\""), "off loopback the retry form asks for the token")
        let failures = try StatusReport.decoder.decode(StatusReport.self, from: try await StatusHTTP.get("\(base)/api/status").body).failures
        let failed = try #require(failures.first)
        #expect(failed.fileName == evil && failed.error?.isEmpty == false)

        let retry = "\(base)/api/jobs/\(failed.id)/retry"
        #expect(try await StatusHTTP.request("POST", retry).status == 401)
        #expect(try await StatusHTTP.request("POST", retry, headers: ["Authorization": "Bearer wrong"]).status == 401)
        let form = ["Content-Type": "application/x-www-form-urlencoded"]
        #expect(try await StatusHTTP.request("POST", retry, headers: form, body: Data("token=nope".utf8)).status == 401)
        let accepted = try await StatusHTTP.request("POST", retry, headers: form, body: Data("token=tok-for-tests-42".utf8))
        #expect(accepted.status == 303 && accepted.headers["location"] == "/")
        try await eventually("the retried job to run and fail again") {
            let metrics = try await StatusHTTP.get("\(base)/metrics").text
            return StatusHTTP.metric("relight_items_failed_total", in: metrics) == 2
                && StatusHTTP.metric("relight_items_retried_total{by=\"operator\"}", in: metrics) == 1
        }
        let bearer = try await StatusHTTP.request("POST", retry, headers: ["Authorization": "Bearer tok-for-tests-42"])
        #expect(bearer.status == 200 && bearer.text == "{\"requeued\":[\(failed.id)]}")
        #expect(try await daemon.stop() == 0)
    }

    @Test func pagesThroughTenThousandJobs() async throws {
        let port = StatusHTTP.freePort()
        let base = "http://127.0.0.1:\(port)"
        let studio = try Studio.withStatus(port: port)
        let journal = try Journal(stateDirectory: studio.path(".relight"))
        let items = (0..<10_000).map { index in
            var item = JournalItem(
                sourceSHA256: String(format: "%064x", index), profile: "golden-hour", fingerprint: "f", sourcePath: "/old/\(index).jpg",
                watchPath: "/old", provider: "local", state: index % 10 == 0 ? .failed : .done)
            item.lastError = index % 10 == 0 ? "broken \(index)" : nil
            return item
        }
        try await journal.insert(items)
        let daemon = try DaemonProcess(config: studio.config)
        try await daemon.waitUntilReady()
        try await eventually("the server") { (try? await StatusHTTP.get("\(base)/healthz"))?.status == 200 }

        var seen: [Int] = []
        var before: Int?
        var pages = 0
        repeat {
            let url = "\(base)/api/jobs?limit=700" + (before.map { "&before=\($0)" } ?? "")
            let answer = try JSONSerialization.jsonObject(with: try await StatusHTTP.get(url).body) as? [String: Any]
            let jobs = answer?["jobs"] as? [[String: Any]] ?? []
            #expect(jobs.count <= 500, "pages are capped at 500")
            seen += jobs.compactMap { $0["id"] as? Int }
            before = answer?["next_before"] as? Int
            pages += 1
        } while before != nil && pages < 100
        #expect(pages == 20)
        #expect(seen == Array((1...10_000).reversed()), "every job once, newest first")

        var failed = 0
        before = nil
        repeat {
            let url = "\(base)/api/jobs?state=failed&limit=300" + (before.map { "&before=\($0)" } ?? "")
            let answer = try JSONSerialization.jsonObject(with: try await StatusHTTP.get(url).body) as? [String: Any]
            let jobs = answer?["jobs"] as? [[String: Any]] ?? []
            #expect(jobs.allSatisfy { $0["state"] as? String == "failed" })
            failed += jobs.count
            before = answer?["next_before"] as? Int
        } while before != nil
        #expect(failed == 1_000)
        let report = try StatusReport.decoder.decode(StatusReport.self, from: try await StatusHTTP.get("\(base)/api/status").body)
        #expect(report.counts == ["done": 9_000, "failed": 1_000])
        #expect(try await daemon.stop() == 0)
    }
}
