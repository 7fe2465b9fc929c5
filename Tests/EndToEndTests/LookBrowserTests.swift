import Foundation
import Testing

/// The profile gallery, the before/after slider and live updates in headless Chromium, driven
/// with real mouse and key events over the DevTools protocol (see ``HeadlessChromium``).
///
/// Runs with `RELIGHT_BROWSER_TESTS=1`, like ``DashboardBrowserTests``.
/// `RELIGHT_SCREENSHOT_DIR=docs` also refreshes the README's pictures of the gallery and slider.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct LookBrowserTests {
    static let trickyDescription = #"Soft <img src=x onerror="document.title='owned'"> & "bright" </p><script>alert(1)</script>"#
    static let trickyName = "<b onmouseover=alert(2)>rocket.jpg"

    @Test(.enabled(if: DashboardBrowserTests.enabled, "set RELIGHT_BROWSER_TESTS=1 (make test does, in a step of its own)"))
    func galleryShowsAPreviewPerProfileAndEscapesItsTexts() async throws {
        let (studio, daemon, base) = try await Self.start()
        let browser = try HeadlessChromium(binary: try #require(DashboardBrowserTests.chromium), profileDirectory: studio.path("chromium-profile"))
        try browser.open("\(base)/profiles")
        #expect(try browser.evaluate("document.querySelectorAll('article.profile').length") as? Int == 3)
        try browser.waitUntil("a decoded preview per profile", "document.querySelectorAll('img.preview[data-loaded]').length === 3", timeout: 60)
        let widths = try browser.evaluate("Array.from(document.querySelectorAll('img.preview')).map(i => i.naturalWidth)") as? [Int]
        #expect(widths?.allSatisfy { $0 > 100 } == true, "\(String(describing: widths))")
        let description = try browser.evaluate("document.querySelector('#profile-soft-window .description').textContent") as? String
        #expect(description == Self.trickyDescription, "the description is shown as text")
        #expect(try browser.evaluate("document.querySelectorAll('#profile-soft-window .description *').length") as? Int == 0)
        #expect(try browser.evaluate("document.title") as? String == "relight profiles")
        let folders = try browser.evaluate("document.querySelector('#profile-golden-hour .folders').textContent") as? String
        #expect(folders?.hasSuffix("inbox/golden-hour/") == true, "\(folders ?? "")")
        try Self.keepScreenshot(browser, as: "gallery.png")
        #expect(try await daemon.stop() == 0)
    }

    @Test(.enabled(if: DashboardBrowserTests.enabled, "set RELIGHT_BROWSER_TESTS=1 (make test does, in a step of its own)"))
    func newJobsAppearLiveAndTheSliderFollowsMouseAndKeyboard() async throws {
        let (studio, daemon, base) = try await Self.start()
        let browser = try HeadlessChromium(binary: try #require(DashboardBrowserTests.chromium), profileDirectory: studio.path("chromium-profile"))
        try browser.open("\(base)/")
        #expect(try browser.evaluate("document.querySelectorAll('#recent .job').length") as? Int == 0)
        try browser.evaluate("window.sameDocument = 'yes'")

        try studio.drop("rocket.jpg", as: "inbox/golden-hour/\(Self.trickyName)")
        try browser.waitUntil("the new job, done, without a reload", "document.querySelector('#recent .job.done .compare')", timeout: 60)
        #expect(try browser.evaluate("window.sameDocument") as? String == "yes", "the page was not reloaded")
        #expect(try browser.evaluate("document.querySelector('#count-done b').textContent") as? String == "1")
        #expect(try browser.evaluate("document.querySelector('#recent .job .name').textContent") as? String == Self.trickyName)
        #expect(try browser.evaluate("document.querySelectorAll('#recent .job .name *').length") as? Int == 0, "the file name is text")
        try browser.waitUntil("both sides decoded", "document.querySelectorAll('#recent .compare img[data-loaded]').length === 2")

        // The mouse: press at a quarter, drag to 80 %.
        let box = try #require(try browser.evaluate(
            "(() => { const r = document.querySelector('#recent .compare').getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()")
            as? [Double])
        let y = box[1] + box[3] / 2
        try browser.drag(from: (box[0] + box[2] * 0.25, y), through: [(box[0] + box[2] * 0.5, y), (box[0] + box[2] * 0.8, y)])
        let handle = "document.querySelector('#recent .compare [role=slider]')"
        let dragged = try browser.evaluate("Number(\(handle).getAttribute('aria-valuenow'))") as? Int
        #expect(dragged.map { abs($0 - 80) <= 1 } == true, "aria-valuenow after the drag: \(String(describing: dragged))")
        let clip = try browser.evaluate("getComputedStyle(document.querySelector('#recent .compare img.after')).clipPath") as? String
        #expect(clip?.contains("80") == true, "the after image is clipped at the handle: \(clip ?? "")")

        // The keyboard: the handle has the focus after the drag; arrows move it by 5, Home and End jump.
        #expect(try browser.evaluate("document.activeElement === \(handle)") as? Bool == true)
        try browser.press("ArrowLeft")
        try browser.press("ArrowLeft")
        let keyed = try browser.evaluate("Number(\(handle).getAttribute('aria-valuenow'))") as? Int
        #expect(keyed.map { abs($0 - 70) <= 1 } == true, "\(String(describing: keyed))")
        try browser.press("Home")
        #expect(try browser.evaluate("\(handle).getAttribute('aria-valuenow')") as? String == "0")
        try browser.press("End")
        #expect(try browser.evaluate("\(handle).getAttribute('aria-valuenow')") as? String == "100")
        try browser.press("ArrowLeft")
        #expect(try browser.evaluate("\(handle).getAttribute('aria-valuenow')") as? String == "95")

        // A second job appears above the first, still without a reload.
        try studio.drop("coffee.png", as: "inbox/neon-night/coffee.png")
        try browser.waitUntil("the second job", "document.querySelectorAll('#recent .job.done').length === 2", timeout: 60)
        #expect(try browser.evaluate("document.querySelector('#recent .job .name').textContent") as? String == "coffee.png")
        #expect(try browser.evaluate("window.sameDocument") as? String == "yes")
        try browser.waitUntil("both sliders decoded", "document.querySelectorAll('#recent .compare img[data-loaded]').length === 4")
        // A failure appears in the failures table, escaped, still without a reload.
        try studio.dropCorrupt(as: "inbox/golden-hour/<i>broken<|i>.jpg")
        try browser.waitUntil("the failure", "document.querySelectorAll('#failures tr.failure').length === 1", timeout: 60)
        #expect(try browser.evaluate("document.querySelector('#failures tr.failure .name').textContent") as? String == "<i>broken<|i>.jpg")
        #expect(try browser.evaluate("document.querySelector('#count-failed b').textContent") as? String == "1")
        #expect(try browser.evaluate("window.sameDocument") as? String == "yes")
        try browser.evaluate("document.querySelectorAll('#recent .compare').forEach(c => { c.style.setProperty('--pos', '42%'); })")
        try Self.keepScreenshot(browser, as: "slider.png")

        // A double-click (or the "full size" link) opens the output at its own resolution.
        let link = try #require(try browser.evaluate("document.querySelector('#recent .job a.full').href") as? String)
        let card = try #require(try browser.evaluate(
            "(() => { const r = document.querySelector('#recent .compare').getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()")
            as? [Double])
        try browser.doubleClick(at: (card[0], card[1]))
        try browser.waitUntil("the full-size page", "location.href === \(Self.quoted(link)) && document.readyState === 'complete'")
        try browser.waitUntil("the full-size images", "document.querySelectorAll('.compare img[data-loaded]').length === 2")
        let sizes = try browser.evaluate(
            "(() => { const a = document.querySelector('.compare img.after'); const b = document.querySelector('.compare img.before'); return [a.naturalWidth, a.getBoundingClientRect().width, b.naturalWidth, b.naturalHeight, a.naturalHeight]; })()")
            as? [Double]
        #expect(sizes.map { $0[0] == $0[1] && $0[0] == $0[2] && $0[3] == $0[4] && $0[0] >= 256 } == true, "\(String(describing: sizes))")
        #expect(try await daemon.stop() == 0)
    }

    /// A daemon with the status page, the test profiles and a third one whose description carries markup.
    static func start() async throws -> (Studio, DaemonProcess, String) {
        let port = StatusHTTP.freePort()
        let studio = try Studio.withStatus(port: port)
        try studio.write("profiles/soft-window.yaml", """
            description: '\(trickyDescription.replacingOccurrences(of: "'", with: "''"))'
            prompt: soft window light from the side
            light_source: Right Light
            size: 256x256
            """)
        let daemon = try DaemonProcess(config: studio.config)
        try await daemon.waitUntilReady()
        return (studio, daemon, "http://127.0.0.1:\(port)")
    }

    static func quoted(_ text: String) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: [text]), as: UTF8.self).dropFirst().dropLast().description
    }

    static func keepScreenshot(_ browser: HeadlessChromium, as name: String) throws {
        let png = try browser.screenshot()
        #expect(png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]) && png.count > 20_000)
        if let folder = ProcessInfo.processInfo.environment["RELIGHT_SCREENSHOT_DIR"] {
            try png.write(to: URL(fileURLWithPath: (folder as NSString).appendingPathComponent(name)))
        }
    }
}
