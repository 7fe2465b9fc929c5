import Foundation
import ImageCodecs
import ImagePixels
import Testing

/// Several `relight watch` hosts on one PostgreSQL, watching one inbox: each host has its own
/// folder (config and state), the profiles, inbox and outputs are shared.
final class SharedStudio {
    let studio: Studio
    let journalURL: String
    let sandbox: SandboxProcess

    /// The server `make test` started (`RELIGHT_TEST_POSTGRES_URL`), or nil.
    static var serverURL: String? { ProcessInfo.processInfo.environment["RELIGHT_TEST_POSTGRES_URL"] }

    /// The repository's `scripts/postgres.sh`.
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/postgres.sh").path

    init(sandbox: SandboxProcess, journalURL: String? = nil) throws {
        self.sandbox = sandbox
        studio = try Studio(profiles: [
            "warm": "description: warm\nprompt: warm light\nlight_source: Left Light\nsize: 256x256\noutput_format: jpg\ndeliver: generated\nseed: 1\n",
        ])
        self.journalURL = try journalURL ?? Self.createDatabase(on: try #require(Self.serverURL))
    }

    /// A fresh database on the server at `url`, so tests that run at once do not meet.
    static func createDatabase(on url: String) throws -> String {
        let base = try #require(URLComponents(string: url))
        let name = "e2e_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        let (status, output) = try run("/usr/bin/env", [
            "psql", "-X", "-q", "-h", base.host ?? "127.0.0.1", "-p", String(base.port ?? 5432), "-U", base.user ?? "relight",
            "-d", String(base.path.dropFirst()), "-v", "ON_ERROR_STOP=1", "-c", "CREATE DATABASE \(name)",
        ])
        guard status == 0 else {
            Issue.record("the test PostgreSQL at \(url) does not answer: \(output)")
            throw CancellationError()
        }
        var components = base
        components.path = "/\(name)"
        return components.string!
    }

    /// Runs a command to its end and returns its status and output. posix_spawn and waitpid
    /// rather than Foundation's Process: a command that starts a server (pg_ctl) left Process
    /// waiting for ever here. Output goes through a file, so the server cannot hold a pipe open.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> (Int32, String) {
        let file = (NSTemporaryDirectory() as NSString).appendingPathComponent("relight-run-\(UUID().uuidString)")
        defer { unlink(file) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, file, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exit = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return (exit, (try? String(contentsOfFile: file, encoding: .utf8)) ?? "")
    }

    /// Writes host `index`'s relight.yaml and returns its path.
    func config(host index: Int, maxInFlight: Int = 4, budget: Int = 0, statusPort: Int? = nil, lease: String = "3s") throws -> String {
        let root = studio.root
        return try studio.write("host-\(index)/relight.yaml", """
            provider: pixeldojo
            pixeldojo:
              base_url: \(sandbox.origin)/api/v1
              poll_interval: 100ms
              requests_per_minute: 10000
              max_in_flight: \(maxInFlight)
            upload:
              presign_service:
                url: \(sandbox.origin)/presign
            profiles_dir: \(root)/profiles
            state_dir: \(root)/host-\(index)/state
            journal: \(journalURL)
            host_id: host-\(index)
            lease_timeout: \(lease)
            budget:
              credits_per_day: \(budget)
            status:
              listen: \(statusPort.map { "127.0.0.1:\($0)" } ?? "off")
            watch:
              - path: \(root)/inbox
                profiles: [warm]
                output: \(root)/relit/{profile}
                settle: 200ms
            """)
    }

    func start(host index: Int, maxInFlight: Int = 4, budget: Int = 0, statusPort: Int? = nil) async throws -> DaemonProcess {
        let daemon = try DaemonProcess(
            config: try config(host: index, maxInFlight: maxInFlight, budget: budget, statusPort: statusPort), environment: SandboxProcess.environment)
        try await daemon.waitUntilReady()
        return daemon
    }

    /// Drops `count` distinct small photos (numbered from `first`) into the inbox, as a copy lands: a temporary name, then a rename.
    func drop(_ count: Int, from first: Int = 0) throws {
        for index in first..<(first + count) {
            var pixels = PixelBuffer(width: 48, height: 32, layout: .rgb)
            for offset in stride(from: 0, to: pixels.bytes.count, by: 3) {
                pixels.bytes[offset] = UInt8(index & 0xFF)
                pixels.bytes[offset + 1] = UInt8((index >> 8) & 0xFF)
                pixels.bytes[offset + 2] = UInt8((offset / 3) & 0xFF)
            }
            let data = Data(try ImageEncoder.encode(pixels, as: .jpeg, quality: 90))
            try studio.write("inbox/.photo-\(index).jpg.part", data)
            guard rename(studio.path("inbox/.photo-\(index).jpg.part"), studio.path("inbox/photo-\(index).jpg")) == 0 else {
                throw CocoaError(.fileWriteUnknown)
            }
        }
    }

    /// Relit images in the output folder (sidecars left out).
    var outputs: [String] { studio.files("relit/warm").filter { $0.hasSuffix(".jpg") } }
    var sidecars: [String] { studio.files("relit/warm").filter { $0.hasSuffix(".relight.json") } }

    /// Each photo's submits as the sandbox counted them (by content and parameters).
    func submitsByContent() async throws -> [String: Int] {
        (try await sandbox.stats()["submitsByContent"] as? [String: Int]) ?? [:]
    }

    /// `relight status --json` as host `index` sees the shared journal.
    func status(host index: Int) throws -> String {
        try Self.run(DaemonProcess.binary, ["status", "--json", "--config", studio.path("host-\(index)/relight.yaml")]).1
    }

    func submits() async throws -> Int { try await sandbox.stats()["submits"] as? Int ?? -1 }

    /// What a failed run needs to be understood: the journal's unfinished items, the error files,
    /// and every host's warnings and errors (their info lines are left out, so nothing is cut off).
    func diagnosis(_ hosts: [DaemonProcess]) -> String {
        var text = "unfinished items:\n"
        if let url = URLComponents(string: journalURL) {
            let (_, rows) = (try? Self.run("/usr/bin/env", [
                "psql", "-X", "-q", "-h", url.host ?? "127.0.0.1", "-p", String(url.port ?? 5432), "-U", url.user ?? "relight",
                "-d", String(url.path.dropFirst()), "-c",
                "SELECT id, source_path, state, attempts, job_id, lease_owner, lease_until, lease_token, last_error FROM item WHERE state <> 'done' ORDER BY id",
            ])) ?? (0, "psql failed")
            text += rows
        }
        text += "error files: \(studio.files("relit/warm").filter { $0.hasSuffix(".error.json") })\n"
        for (index, host) in hosts.enumerated() {
            let lines = host.log.split(separator: "\n").filter { !$0.contains(" info relight:") }
            text += "host \(index + 1), all but info:\n" + lines.joined(separator: "\n") + "\n"
        }
        return text
    }
}
