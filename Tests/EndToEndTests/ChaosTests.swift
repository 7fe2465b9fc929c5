import Foundation
import Testing

/// kill -9 at random moments while 100 photos go through the cloud path: nothing is lost, nothing
/// is submitted twice, and no partial file is left behind.
@Suite(.serialized, .timeLimit(.minutes(8)))
struct ChaosTests {
    @Test func twentyKillsLoseNothingAndChargeNothingTwice() async throws {
        let sandbox = try await SandboxProcess(["--engine", "echo", "--latency", "50ms", "--job-duration", "200ms"])
        let studio = try Studio(
            // deliver: generated: the 100 photos differ only in bytes after the JPEG's end, so their
            // proxies (deliver: source) would be identical and the sandbox's per-content count would merge them.
            profiles: ["golden-hour": "prompt: golden hour\nsize: 256x256\noutput_format: jpg\nseed: 1\ndeliver: generated\n"],
            config: sandbox.configSection + """

                status: {listen: off}
                watch:
                  - path: inbox
                    profiles: [golden-hour]
                    output: relit
                    settle: 100ms
                """)
        // 100 distinct photos: the same JPEG with a different trailer after its end marker.
        let photo = try Data(contentsOf: Bundle.module.url(forResource: "Fixtures/rocket.jpg", withExtension: nil)!)
        try FileManager.default.createDirectory(atPath: studio.path("inbox"), withIntermediateDirectories: true)
        for index in 0..<100 { try studio.write("inbox/p\(index).jpg", photo + Data("relight-chaos-\(index)".utf8)) }

        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let daemon = try DaemonProcess(config: studio.config, environment: SandboxProcess.environment)
            try await daemon.waitUntilReady()
            try await Task.sleep(for: .milliseconds(Int.random(in: 100...2500, using: &generator)))
            kill(daemon.process.processIdentifier, SIGKILL)
            daemon.process.waitUntilExit()
        }
        let daemon = try DaemonProcess(config: studio.config, environment: SandboxProcess.environment)
        try await daemon.waitUntilReady()
        try await daemon.waitFor(timeout: 240, "all 100 outputs") {
            studio.files("relit").filter { $0.hasSuffix(".relight.json") }.count >= 100
        }
        #expect(try await daemon.stop() == 0)

        let files = studio.files("relit")
        for index in 0..<100 {
            #expect(files.contains("p\(index)_golden-hour_1.jpg"), "p\(index) has its output")
            #expect(files.contains("p\(index)_golden-hour.relight.json"), "p\(index) has its sidecar")
        }
        #expect(files.count == 200, "exactly one output set per photo, no ' (2)' duplicates: \(files.filter { $0.contains("(") })")
        let hidden = (try? FileManager.default.contentsOfDirectory(atPath: studio.path("relit"))) ?? []
        #expect(hidden.filter { $0.hasPrefix(".relight-tmp") }.isEmpty, "no temporary or partial files remain")
        let stats = try await sandbox.stats()
        let perContent = (stats["submitsByContent"] as? [String: Int]) ?? [:]
        #expect(perContent.count == 100)
        #expect(perContent.values.allSatisfy { $0 == 1 }, "no (content, profile) submitted twice: \(perContent.values.filter { $0 > 1 })")
        // No uploaded photo is left in the store, only each job's output: every object was journaled
        // before its upload, and deleted when its job ended or by the next start after a kill.
        let stored = stats["storedObjects"] as? Int
        #expect(stored == stats["submits"] as? Int, "\(stored.map { $0 - 100 } ?? -1) uploaded photo(s) left in the store: \(stats)")
    }
}
