import Foundation
import Testing

/// The real `relight watch` binary, started on a test studio's config.
final class DaemonProcess: @unchecked Sendable {
    // @unchecked: `process` is set up once in init and only read or signalled afterwards.
    let process = Process()
    private let output: CapturedOutput

    static let binary: String = {
        let bundle = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).resolvingSymlinksInPath()
        return bundle.deletingLastPathComponent().appendingPathComponent("relight").path
    }()

    /// - Parameter launcher: a command that runs the daemon (its path and arguments follow), e.g. `unshare`.
    init(config: String, environment: [String: String] = [:], arguments: [String] = [], launcher: [String] = []) throws {
        let command = launcher + [Self.binary, "watch", "--config", config] + arguments
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        var env = ProcessInfo.processInfo.environment
        env["RELIGHT_CONFIG"] = nil
        env.merge(environment) { $1 }
        process.environment = env
        output = CapturedOutput(process)
        try process.run()
    }

    var log: String { output.value }

    /// Waits until the daemon says where to drop photos: every watch is in place.
    func waitUntilReady(timeout: Double = 30) async throws {
        try await waitFor(timeout: timeout, "the daemon to be ready") { self.log.contains("Drop photos into") }
    }

    func waitFor(timeout: Double = 60, _ what: String, _ condition: @escaping () -> Bool) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !condition() {
            if !process.isRunning && !condition() {
                Issue.record("relight watch exited (\(process.terminationStatus)) while waiting for \(what):\n\(log)")
                throw CancellationError()
            }
            guard Date() < deadline else {
                Issue.record("timed out waiting for \(what):\n\(log)")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Sends a signal and waits for the exit; returns the exit status.
    @discardableResult
    func stop(signal: Int32 = SIGTERM, timeout: Double = 30) async throws -> Int32 {
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            guard Date() < deadline else {
                kill(process.processIdentifier, SIGKILL)
                Issue.record("relight watch did not stop within \(timeout) s:\n\(log)")
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

/// A temporary studio: a profiles folder, a config, an inbox and photos to drop.
final class Studio {
    let root: String

    init(profiles: [String: String] = Studio.defaultProfiles, config: String? = nil) throws {
        let base = (NSTemporaryDirectory() as NSString).appendingPathComponent("relight-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        root = (base as NSString).resolvingSymlinksInPath
        for (name, text) in profiles { try write("profiles/\(name).yaml", text) }
        try write("relight.yaml", config ?? Studio.defaultConfig)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    static let defaultProfiles = [
        "golden-hour": "description: warm\nprompt: golden hour sunlight\nlight_source: Left Light\nsize: 256x256\noutput_format: jpg\noutput_quality: 85\nseed: 1\n",
        "neon-night": "description: neon\nprompt: neon night, magenta and cyan\nlight_source: Right Light\nsize: 256x256\noutput_format: png\nseed: 2\n",
    ]

    static let defaultConfig = """
        provider: local
        status:
          listen: off
        watch:
          - path: inbox
            profiles: by-subfolder
            output: relit/{profile}
            settle: 200ms
        """

    var config: String { path("relight.yaml") }

    func path(_ relative: String) -> String { (root as NSString).appendingPathComponent(relative) }

    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        try write(relative, Data(text.utf8))
    }

    @discardableResult
    func write(_ relative: String, _ data: Data) throws -> String {
        let file = path(relative)
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: file))
        return file
    }

    /// Copies a fixture photo in, the way a photographer's copy would land: under a temporary name, then renamed.
    @discardableResult
    func drop(_ fixture: String, as relative: String) throws -> String {
        let data = try Data(contentsOf: Bundle.module.url(forResource: "Fixtures/\(fixture)", withExtension: nil)!)
        let final = path(relative)
        let temporary = (final as NSString).deletingLastPathComponent + "/.\((final as NSString).lastPathComponent).part"
        try write(String(temporary.dropFirst(root.count + 1)), data)
        // rename(2) replaces an existing file, as a re-export over the same name does.
        guard rename(temporary, final) == 0 else { throw CocoaError(.fileWriteUnknown) }
        return final
    }

    func files(_ relative: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path(relative))) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: path(relative)) }

    /// Runs the relight binary with `arguments` and the studio's config, in the studio's folder, with
    /// no terminal on standard input. `unset` names are removed from the test's environment, then
    /// `environment` is added.
    func relight(_ arguments: [String], environment: [String: String] = [:], unset: [String] = []) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: DaemonProcess.binary)
        process.arguments = arguments + ["--config", config]
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        var inherited = ProcessInfo.processInfo.environment
        for name in unset { inherited[name] = nil }
        process.environment = inherited.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
