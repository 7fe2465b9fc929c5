import Foundation
import Testing

/// The kernel runs out of inotify watches under a real daemon. The limit is lowered for a user
/// namespace of the daemon's own (`/proc/sys/user/max_inotify_watches`), so no other test or
/// process on the machine is affected.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct WatchLimitTests {
    static let launcher = [
        "/usr/bin/unshare", "--user", "--map-root-user", "/bin/sh", "-c",
        "echo 2 > /proc/sys/user/max_inotify_watches && exec \"$0\" \"$@\"",
    ]

    /// Whether this machine lets the test create a user namespace and lower its watch limit.
    static let available: Bool = {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: launcher[0])
        probe.arguments = Array(launcher.dropFirst()) + ["/bin/true"]
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }()

    @Test(.enabled(if: available, "needs unprivileged user namespaces (unshare --user)"))
    func exhaustedWatchesPollTheTreeAndTurnHealthRed() async throws {
        let port = StatusHTTP.freePort()
        let healthz = "http://127.0.0.1:\(port)/healthz"
        let studio = try Studio.withStatus(port: port, extra: "    poll_interval: 300ms")
        for folder in ["golden-hour/a", "golden-hour/b", "neon-night/c"] {
            try FileManager.default.createDirectory(atPath: studio.path("inbox/\(folder)"), withIntermediateDirectories: true)
        }
        let daemon = try DaemonProcess(config: studio.config, launcher: Self.launcher)
        try await daemon.waitUntilReady()
        #expect(daemon.log.contains("fs.inotify.max_user_watches"), "the warning names the sysctl to raise:\n\(daemon.log)")
        try await eventually("healthz to report the exhausted watches") {
            let answer = try? await StatusHTTP.get(healthz)
            return answer?.status == 503 && answer?.text.contains("watches exhausted: \(studio.path("inbox"))") == true
        }
        // Polled, the tree still works: a photo dropped deep in it is relit.
        try studio.drop("rocket.jpg", as: "inbox/neon-night/c/late.jpg")
        try await daemon.waitFor("the output of the polled tree") { studio.exists("relit/neon-night/late_neon-night.relight.json") }
        let status = try studio.relight(["status"])
        #expect(status.output.contains("watches exhausted"), "\(status.output)")
        #expect(try await daemon.stop() == 0)
    }
}
