import Foundation
import ImageCodecs
import Testing

/// Issue 12: a kill -9 between download and restore neither resubmits nor loses the job. The
/// downloaded result is kept under state_dir until the output is written, and the restart restores
/// from it without polling or downloading again.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct RestoreCrashTests {
    /// A daemon started again on `studio`, run until rocket.jpg's output is written, then stopped.
    static func restartUntilRestored(_ studio: Studio) async throws -> DaemonProcess {
        let daemon = try DaemonProcess(config: studio.config, environment: SandboxProcess.environment)
        try await daemon.waitUntilReady()
        try await daemon.waitFor("the restored output") { studio.exists("relit/rocket_golden-hour.relight.json") }
        #expect(try await daemon.stop() == 0)
        return daemon
    }

    /// inbox/ → relit/ with a full-frame PNG profile on `sandbox`.
    static func studio(_ sandbox: SandboxProcess) throws -> Studio {
        try Studio(
            profiles: ["golden-hour": "prompt: golden hour\nlight_source: Left Light\nsize: 512x512\noutput_format: png\ndeliver: source\nseed: 1\n"],
            config: sandbox.configSection + """

                status: {listen: off}
                watch:
                  - path: inbox
                    profiles: [golden-hour]
                    output: relit
                    settle: 100ms
                """)
    }

    /// A daemon on the sandbox's operator that has downloaded rocket.jpg's result, kept it, and now
    /// holds before the restore (`RELIGHT_TEST_HOLD_BEFORE_RESTORE`), waiting to be killed.
    static func heldBeforeRestore() async throws -> (sandbox: SandboxProcess, studio: Studio, first: DaemonProcess, kept: String) {
        let sandbox = try await SandboxProcess(["--engine", "operator"])
        let studio = try Self.studio(sandbox)
        let marker = studio.path("held-before-restore")
        let first = try DaemonProcess(
            config: studio.config, environment: SandboxProcess.environment.merging(["RELIGHT_TEST_HOLD_BEFORE_RESTORE": marker]) { $1 })
        try await first.waitUntilReady()
        try studio.drop("rocket.jpg", as: "inbox/rocket.jpg")
        try await first.waitFor("the result to be downloaded and kept") { FileManager.default.fileExists(atPath: marker) }
        return (sandbox, studio, first, studio.path(".relight/downloads"))
    }

    @Test func aKillBetweenDownloadAndRestoreRestoresFromTheKeptResult() async throws {
        let (sandbox, studio, first, kept) = try await Self.heldBeforeRestore()

        // The download is on disk, private, with its manifest; no output yet.
        let jobs = try FileManager.default.contentsOfDirectory(atPath: kept)
        #expect(jobs.count == 1, "\(jobs)")
        let job = (kept as NSString).appendingPathComponent(try #require(jobs.first))
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: job)) == ["1.bin", "manifest.json"])
        let mode = try FileManager.default.attributesOfItem(atPath: (job as NSString).appendingPathComponent("1.bin"))[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(studio.files("relit").isEmpty)

        kill(first.process.processIdentifier, SIGKILL)
        first.process.waitUntilExit()
        let before = try await sandbox.stats()

        let second = try await Self.restartUntilRestored(studio)

        let stats = try await sandbox.stats()
        #expect(stats["submits"] as? Int == 1, "submitted once: \(stats)")
        #expect(stats["submitCalls"] as? Int == 1, "\(stats)")
        #expect(stats["downloads"] as? Int == 1, "downloaded once, restored from the kept bytes after the kill: \(stats)")
        #expect(stats["polls"] as? Int == before["polls"] as? Int, "no polling after the restart: \(before) → \(stats)")
        let output = try Data(contentsOf: URL(fileURLWithPath: studio.path("relit/rocket_golden-hour_1.png")))
        let header = try ImageDecoder.probe([UInt8](output))
        #expect(header.width == 640 && header.height == 427, "the source's size: \(header.width)x\(header.height)")
        let sidecar = try String(contentsOfFile: studio.path("relit/rocket_golden-hour.relight.json"), encoding: .utf8)
        #expect(sidecar.contains("\"uploaded_bytes\""), "\(sidecar)")
        #expect(second.log.contains("using the result downloaded before the restart"), "\(second.log)")
        // Written and journaled: the kept result is gone.
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: kept)) ?? []).isEmpty)
    }

    /// A kept result whose item then fails (its source is gone when the daemon comes back) stays:
    /// `relight retry` resumes the job, and restores from it without paying or downloading again.
    /// Then it is removed.
    @Test func aKeptResultServesTheRetryOfItsFailedItem() async throws {
        let (sandbox, studio, first, kept) = try await Self.heldBeforeRestore()
        #expect(try FileManager.default.contentsOfDirectory(atPath: kept).count == 1)
        kill(first.process.processIdentifier, SIGKILL)
        _ = try await first.stop()
        // The original goes away while the daemon is down: the restore cannot happen.
        let original = try Data(contentsOf: URL(fileURLWithPath: studio.path("inbox/rocket.jpg")))
        try FileManager.default.removeItem(atPath: studio.path("inbox/rocket.jpg"))

        let second = try DaemonProcess(config: studio.config, environment: SandboxProcess.environment)
        try await second.waitUntilReady()
        try await second.waitFor(timeout: 120, "the item to fail") { studio.exists("relit/rocket_golden-hour.error.json") }
        let report = try String(contentsOfFile: studio.path("relit/rocket_golden-hour.error.json"), encoding: .utf8)
        #expect(report.contains("a retry resumes the cloud job"), "\(report)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: kept).count == 1, "kept for the retry")

        // The photo is back; the retry restores from the kept result.
        try original.write(to: URL(fileURLWithPath: studio.path("inbox/rocket.jpg")))
        let retried = try studio.relight(["retry", "--all-failed"])
        #expect(retried.status == 0, "\(retried.output)")
        try await second.waitFor(timeout: 120, "the retried output") { studio.exists("relit/rocket_golden-hour.relight.json") }
        try await second.waitFor(timeout: 10, "the kept result to be removed") {
            ((try? FileManager.default.contentsOfDirectory(atPath: kept)) ?? []).isEmpty
        }
        #expect(try await second.stop() == 0)
        #expect(second.log.contains("using the result downloaded before the restart"), "\(second.log)")
        let stats = try await sandbox.stats()
        #expect(stats["submits"] as? Int == 1, "never submitted again: \(stats)")
        #expect(stats["downloads"] as? Int == 1, "never downloaded again: \(stats)")
    }

    /// A kill -9 while the job is still processing: the restarted daemon resumes it (no second upload or
    /// submission) and its sidecar still says how many bytes went up, from the journal's upload record.
    @Test func aJobResumedAfterAKillStillRecordsTheBytesUploaded() async throws {
        let sandbox = try await SandboxProcess(["--engine", "operator", "--job-duration", "4s"])
        let studio = try Self.studio(sandbox)
        let first = try DaemonProcess(config: studio.config, environment: SandboxProcess.environment)
        try await first.waitUntilReady()
        try studio.drop("rocket.jpg", as: "inbox/rocket.jpg")
        try await eventually("the job to be submitted") { (try? await sandbox.stats())?["submits"] as? Int == 1 }
        kill(first.process.processIdentifier, SIGKILL)
        first.process.waitUntilExit()

        _ = try await Self.restartUntilRestored(studio)
        let stats = try await sandbox.stats()
        #expect(stats["submits"] as? Int == 1, "submitted once: \(stats)")
        let sidecar = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: studio.path("relit/rocket_golden-hour.relight.json"))))
        let uploaded = (sidecar as? [String: Any])?["uploaded_bytes"] as? Int
        #expect(uploaded != nil && uploaded == stats["largestUpload"] as? Int, "sidecar \(String(describing: uploaded)), sandbox received \(stats)")
        // Every upload is the same proxy. A kill between the submit's answer and the journal's record of the job
        // id (a window a loaded machine widens) makes the restart upload it again and repeat the submit, which
        // its Idempotency-Key matches to the first job: one job, two uploads.
        let uploads = stats["uploads"] as? Int ?? 0
        #expect(uploads == 1 || (stats["idempotentReplays"] as? Int ?? 0) >= 1, "a second upload only with a replayed submit: \(stats)")
        #expect(stats["uploadedBytes"] as? Int == (uploaded ?? 0) * uploads, "every upload the same proxy: \(stats)")
    }
}
