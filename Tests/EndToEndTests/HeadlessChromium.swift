import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Headless Chromium driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`: it
/// reads commands on fd 3 and answers on fd 4, NUL-terminated JSON), so a test can click, drag,
/// type and read the live page, with no WebSocket client and no driver to install.
final class HeadlessChromium: @unchecked Sendable {
    // @unchecked: one test drives one browser from one task at a time; nothing is shared.
    private let pid: pid_t
    private let commands: Int32
    private let answers: Int32
    private var pending: [UInt8] = []
    private var nextID = 0
    private var session = ""

    init(binary: String, profileDirectory: String, width: Int = 1280, height: Int = 1000) throws {
        var toBrowser: [Int32] = [0, 0], fromBrowser: [Int32] = [0, 0]
        guard pipe(&toBrowser) == 0, pipe(&fromBrowser) == 0 else { throw Failure("pipe failed") }
        for fd in toBrowser + fromBrowser { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        // Move the child's ends above 4, so that the dup2 onto 3 and 4 below cannot clobber one another.
        let childReads = fcntl(toBrowser[0], F_DUPFD_CLOEXEC, 10), childWrites = fcntl(fromBrowser[1], F_DUPFD_CLOEXEC, 10)
        close(toBrowser[0])
        close(fromBrowser[1])
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, childReads, 3)
        posix_spawn_file_actions_adddup2(&actions, childWrites, 4)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // Niced, as the other browser test: Chromium's start-up burst competes with everything else on 2 cores.
        let arguments = [
            "/usr/bin/nice", "-n", "19", binary, "--headless", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--no-first-run", "--renderer-process-limit=1", "--hide-scrollbars",
            "--user-data-dir=\(profileDirectory)", "--window-size=\(width),\(height)", "about:blank",
        ]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var child: pid_t = 0
        let spawned = posix_spawn(&child, "/usr/bin/nice", &actions, nil, &argv, environ)
        close(childReads)
        close(childWrites)
        guard spawned == 0 else { throw Failure("cannot start \(binary): \(String(cString: strerror(spawned)))") }
        pid = child
        commands = toBrowser[1]
        answers = fromBrowser[0]
        let target = try call("Target.createTarget", ["url": "about:blank"], browser: true)
        guard let targetID = target["targetId"] as? String else { throw Failure("no target: \(target)") }
        let attached = try call("Target.attachToTarget", ["targetId": targetID, "flatten": true], browser: true)
        session = attached["sessionId"] as? String ?? ""
        _ = try call("Emulation.setDeviceMetricsOverride", ["width": width, "height": height, "deviceScaleFactor": 1, "mobile": false])
    }

    deinit {
        close(commands)
        close(answers)
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Opens `url` and waits until the page and its script have loaded.
    func open(_ url: String) throws {
        _ = try call("Page.navigate", ["url": url])
        try waitUntil("the page loads", "document.readyState === 'complete'")
    }

    /// The value of a JavaScript expression (promises are awaited).
    @discardableResult
    func evaluate(_ expression: String) throws -> Any? {
        let answer = try call("Runtime.evaluate", ["expression": expression, "returnByValue": true, "awaitPromise": true])
        if let exception = answer["exceptionDetails"] { throw Failure("\(expression) threw: \(exception)") }
        return (answer["result"] as? [String: Any])?["value"]
    }

    /// Polls `expression` until it is true.
    func waitUntil(_ what: String, _ expression: String, timeout: Double = 30) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try evaluate("!!(\(expression))") as? Bool == true { return }
            usleep(100_000)
        }
        throw Failure("timed out waiting for \(what) (\(expression))")
    }

    /// A real mouse: press at `from`, move to each of `through`, release at the last.
    func drag(from: (Double, Double), through points: [(Double, Double)]) throws {
        _ = try call("Input.dispatchMouseEvent", ["type": "mouseMoved", "x": from.0, "y": from.1])
        _ = try call("Input.dispatchMouseEvent", ["type": "mousePressed", "x": from.0, "y": from.1, "button": "left", "buttons": 1, "clickCount": 1])
        for point in points {
            _ = try call("Input.dispatchMouseEvent", ["type": "mouseMoved", "x": point.0, "y": point.1, "button": "left", "buttons": 1])
        }
        let last = points.last ?? from
        _ = try call("Input.dispatchMouseEvent", ["type": "mouseReleased", "x": last.0, "y": last.1, "button": "left", "buttons": 0, "clickCount": 1])
    }

    /// A real double-click at (x, y).
    func doubleClick(at point: (Double, Double)) throws {
        for count in 1...2 {
            for type in ["mousePressed", "mouseReleased"] {
                _ = try call("Input.dispatchMouseEvent", [
                    "type": type, "x": point.0, "y": point.1, "button": "left", "buttons": type == "mousePressed" ? 1 : 0, "clickCount": count,
                ])
            }
        }
    }

    /// A real key press on the focused element (`ArrowLeft`, `ArrowRight`, `Home`, `End`, `Tab`).
    func press(_ key: String) throws {
        let codes = ["ArrowLeft": 37, "ArrowUp": 38, "ArrowRight": 39, "ArrowDown": 40, "Home": 36, "End": 35, "Tab": 9]
        let code = codes[key] ?? 0
        _ = try call("Input.dispatchKeyEvent", ["type": "rawKeyDown", "key": key, "code": key, "windowsVirtualKeyCode": code])
        _ = try call("Input.dispatchKeyEvent", ["type": "keyUp", "key": key, "code": key, "windowsVirtualKeyCode": code])
    }

    /// A PNG of the whole page, `width` pixels wide.
    func screenshot(width: Int = 1280) throws -> Data {
        let height = (try evaluate("Math.ceil(document.documentElement.scrollHeight)") as? Double).map(Int.init) ?? 1000
        _ = try call("Emulation.setDeviceMetricsOverride", ["width": width, "height": max(200, height), "deviceScaleFactor": 1, "mobile": false])
        let shot = try call("Page.captureScreenshot", ["format": "png"])
        guard let text = shot["data"] as? String, let png = Data(base64Encoded: text) else { throw Failure("no screenshot") }
        return png
    }

    /// Sends one command and waits for its answer, skipping events.
    private func call(_ method: String, _ parameters: [String: Any], browser: Bool = false, timeout: Double = 60) throws -> [String: Any] {
        nextID += 1
        let id = nextID
        var message: [String: Any] = ["id": id, "method": method, "params": parameters]
        if !browser { message["sessionId"] = session }
        var bytes = [UInt8](try JSONSerialization.data(withJSONObject: message))
        bytes.append(0)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(commands, $0.baseAddress, $0.count) }
            guard count > 0 else { throw Failure("the browser closed its pipe") }
            written += count
        }
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let end = pending.firstIndex(of: 0) {
                let frame = Data(pending[..<end])
                pending.removeSubrange(...end)
                guard let answer = try JSONSerialization.jsonObject(with: frame) as? [String: Any], answer["id"] as? Int == id else { continue }
                if let error = answer["error"] { throw Failure("\(method) failed: \(error)") }
                return answer["result"] as? [String: Any] ?? [:]
            }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { throw Failure("\(method) got no answer in \(Int(timeout)) s") }
            var poller = pollfd(fd: answers, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(min(left, 1) * 1000)) >= 0 else { throw Failure("poll failed") }
            guard poller.revents != 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let count = read(answers, &chunk, chunk.count)
            guard count > 0 else { throw Failure("the browser exited") }
            pending.append(contentsOf: chunk[..<count])
        }
    }
}
