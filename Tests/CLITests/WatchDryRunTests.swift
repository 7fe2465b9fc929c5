import Foundation
import Synchronization
import Testing

/// `relight watch --dry-run` run as a user would: the real binary, a real config, real files.
@Suite(.timeLimit(.minutes(1)))
struct WatchDryRunTests {
    /// Collects a pipe's output while the process runs.
    final class Collector: Sendable {
        let text = Mutex("")
        init(_ pipe: Pipe) {
            pipe.fileHandleForReading.readabilityHandler = { [self] handle in
                let data = handle.availableData
                text.withLock { $0 += String(decoding: data, as: UTF8.self) }
            }
        }
        var value: String { text.withLock { $0 } }
    }

    func waitUntil(_ condition: () -> Bool) async -> Bool {
        for _ in 0..<1000 {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }

    @Test func printsCompleteFilesAndTheirProfilesThenStopsOnSIGINT() async throws {
        let scratch = try Scratch()
        try scratch.write("profiles/warm.yaml", "prompt: warm light\n")
        try scratch.write("in/warm/.keep", "")
        let config = try scratch.write("relight.yaml", "watch:\n  - path: in\n    profiles: by-subfolder\n    settle: 100ms\n")
        let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0] + [UInt8](repeating: 7, count: 100))
        try jpeg.write(to: URL(fileURLWithPath: "\(scratch.path)/in/warm/early.jpg"))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: RelightBinary.path)
        process.arguments = ["watch", "--dry-run", "--config", config]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdout = Collector(out), stderr = Collector(err)
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        #expect(await waitUntil { stderr.value.contains("watching \(scratch.path)/in (inotify)") }, "\(stderr.value)")
        try jpeg.write(to: URL(fileURLWithPath: "\(scratch.path)/in/warm/a.jpg"))
        try jpeg.write(to: URL(fileURLWithPath: "\(scratch.path)/in/loose.jpg"))
        try Data("notes".utf8).write(to: URL(fileURLWithPath: "\(scratch.path)/in/warm/notes.txt"))
        #expect(await waitUntil { stdout.value.contains("in/warm/a.jpg → warm\n") && stdout.value.contains("loose.jpg → no profile") },
                "\(stdout.value)\n\(stderr.value)")
        #expect(stdout.value.contains("\(scratch.path)/in/warm/early.jpg → warm  (already there at start-up)"))
        #expect(!stdout.value.contains("notes.txt"))
        #expect(await waitUntil { stderr.value.contains("notes.txt") && stderr.value.contains("skipped: its content is not an image relight reads") })

        kill(process.processIdentifier, SIGINT)
        #expect(await waitUntil { !process.isRunning })
        #expect(process.terminationStatus == 0)
        // Nothing was processed: no output folder appeared.
        #expect(!FileManager.default.fileExists(atPath: "\(scratch.path)/relit"))
    }

    @Test func theDaemonRefusesAMissingConfig() throws {
        let result = try RelightBinary.run(["watch", "--config", "/nonexistent/relight.yaml"])
        #expect(result.status == 78)
        #expect(result.stderr.contains("/nonexistent/relight.yaml"))
    }
}
