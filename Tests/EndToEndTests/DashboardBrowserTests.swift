import Foundation
import Testing

/// Headless Chromium (Debian's `chromium`) loads the dashboard of a daemon that relit real photos.
///
/// Runs when `RELIGHT_BROWSER_TESTS=1`, as its own step after the rest of the suite
/// (`RELIGHT_BROWSER_TESTS=1 swift test --filter DashboardBrowserTests`): Chromium's start-up burst
/// on a 2-core machine stalls the timing-sensitive watcher tests if they run alongside.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct DashboardBrowserTests {
    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let enabled = ProcessInfo.processInfo.environment["RELIGHT_BROWSER_TESTS"] == "1"

    @Test(.enabled(if: enabled, "set RELIGHT_BROWSER_TESTS=1 (make test does, in a step of its own)"))
    func showsThumbnailsAndCountsInARealBrowser() async throws {
        guard Self.chromium != nil else {
            Issue.record("RELIGHT_BROWSER_TESTS=1 but Chromium is missing: apt-get install chromium")
            return
        }
        let port = StatusHTTP.freePort()
        let base = "http://127.0.0.1:\(port)"
        let studio = try Studio.withStatus(port: port)
        let daemon = try DaemonProcess(config: studio.config)
        try await daemon.waitUntilReady()
        try studio.drop("rocket.jpg", as: "inbox/golden-hour/rocket.jpg")
        try studio.drop("chelsea.png", as: "inbox/neon-night/chelsea.png")
        try studio.drop("astronaut.png", as: "inbox/golden-hour/astronaut.png")
        try studio.drop("coffee.png", as: "inbox/neon-night/coffee.png")
        try studio.dropCorrupt(as: "inbox/golden-hour/<b onmouseover=alert(2)>broken.jpg")
        try await daemon.waitFor("four outputs and a failure") {
            ["relit/golden-hour/rocket_golden-hour.relight.json", "relit/neon-night/chelsea_neon-night.relight.json",
             "relit/golden-hour/astronaut_golden-hour.relight.json", "relit/neon-night/coffee_neon-night.relight.json"]
                .allSatisfy(studio.exists) && daemon.log.contains("failed")
        }
        try await eventually("the failure in the journal") {
            (try? await StatusHTTP.get("\(base)/api/jobs?state=failed"))?.text.contains("broken") == true
        }

        let dom = try Self.chromium(["--dump-dom", "\(base)/"], in: studio)
        #expect(dom.contains("id=\"count-done\"><b>4</b>"), "\(dom)")
        #expect(dom.contains("id=\"count-failed\"><b>1</b>"))
        let loaded = dom.components(separatedBy: "data-loaded=\"1\"").count - 1
        #expect(loaded == 8, "a before and an after thumbnail decoded by the browser for each of the 4 done jobs:\n\(dom)")
        #expect(dom.contains("&lt;b onmouseover=alert(2)&gt;broken.jpg") && !dom.contains("<b onmouseover"))
        #expect(dom.contains("action=\"/api/jobs/") && dom.contains(">Retry</button>"))

        let screenshot = studio.path("dashboard.png")
        _ = try Self.chromium(["--screenshot=\(screenshot)", "--window-size=1280,1500", "--hide-scrollbars", "\(base)/"], in: studio)
        let png = try Data(contentsOf: URL(fileURLWithPath: screenshot))
        #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) && png.count > 20_000)
        // RELIGHT_SCREENSHOT=docs/dashboard.png refreshes the README's picture.
        if let keep = ProcessInfo.processInfo.environment["RELIGHT_SCREENSHOT"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(atPath: screenshot, toPath: keep)
        }
        #expect(try await daemon.stop() == 0)
    }

    static func chromium(_ arguments: [String], in studio: Studio) throws -> String {
        let process = Process()
        // Niced: Chromium's start-up burst would otherwise starve the timing-sensitive watcher tests running alongside.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/nice")
        process.arguments = [
            "-n", "19", chromium!, "--headless", "--renderer-process-limit=1", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--user-data-dir=\(studio.path("chromium-profile"))", "--virtual-time-budget=3000",
        ] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: studio.root)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "chromium \(arguments) exited \(process.terminationStatus)")
        return String(decoding: data, as: UTF8.self)
    }
}
