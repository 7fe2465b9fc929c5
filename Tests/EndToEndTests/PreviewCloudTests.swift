import Foundation
import ImageCodecs
import ImagePixels
import Testing

/// `relight preview --provider pixeldojo` against the real sandbox binary: it prints the credit
/// estimate and asks before spending; without a terminal it needs --yes.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct PreviewCloudTests {
    @Test func refusesWithoutATerminalAndWithoutYesAndSubmitsNothing() async throws {
        let sandbox = try await SandboxProcess()
        let studio = try Studio(config: sandbox.configSection + Self.rest)
        try studio.drop("rocket.jpg", as: "photos/rocket.jpg")
        try studio.drop("coffee.png", as: "photos/coffee.png")
        let result = try Self.preview(
            studio, ["photos/rocket.jpg", "photos/coffee.png", "--profile", "golden-hour", "--profile", "neon-night", "--provider", "pixeldojo"])
        #expect(result.status == 64, "wrong usage without a terminal or --yes: \(result.output)")
        #expect(result.output.contains("This preview submits 4 cloud jobs: about 4 credits"), "\(result.output)")
        #expect(result.output.contains("golden-hour: about 2 credits (2 photos × 1 image × 1 credit for magic-lighting)"), "\(result.output)")
        #expect(result.output.contains("add --yes to confirm"), "\(result.output)")
        let stats = try await sandbox.stats()
        #expect(stats["submits"] as? Int == 0 && stats["submitCalls"] as? Int == 0, "\(stats)")
        #expect(stats["uploads"] as? Int == 0, "nothing uploaded either: \(stats)")
        #expect(!studio.exists("preview.jpg") && !studio.exists("relight-preview.jpg") && !studio.exists(".relight/journal.sqlite"))
    }

    @Test func rendersTheCloudsLookWithYes() async throws {
        let sandbox = try await SandboxProcess()
        let studio = try Studio(config: sandbox.configSection + Self.rest)
        try studio.drop("rocket.jpg", as: "photos/rocket.jpg")
        let sheet = studio.path("sheet.jpg")
        let result = try Self.preview(
            studio, ["photos/rocket.jpg", "--profile", "golden-hour", "--profile", "neon-night", "--provider", "pixeldojo", "--yes", "--out", sheet])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("Contact sheet: \(sheet)"))
        let decoded = try ImageDecoder.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: sheet))))
        #expect(decoded.pixels.width == 8 + 3 * (480 + 8))
        let stats = try await sandbox.stats()
        #expect(stats["submits"] as? Int == 2, "one job per photo × profile: \(stats)")
        #expect(!studio.exists(".relight/journal.sqlite"), "the preview writes nothing to the journal")
        #expect(!studio.exists("relit"))
    }

    /// On a terminal (util-linux `script` gives the command one) it asks, and only "y" submits.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func asksOnATerminalAndSubmitsOnlyAfterYes() async throws {
        let sandbox = try await SandboxProcess()
        let studio = try Studio(config: sandbox.configSection + Self.rest)
        try studio.drop("rocket.jpg", as: "photos/rocket.jpg")
        let command = "\(DaemonProcess.binary) preview photos/rocket.jpg --profile golden-hour --provider pixeldojo --config \(studio.config) --out sheet.jpg"
        let declined = try Self.onATerminal(command, answer: "n", in: studio)
        #expect(declined.output.contains("Spend them? [y/N]") && declined.output.contains("Nothing submitted."), "\(declined.output)")
        #expect(declined.status == 0 && !studio.exists("sheet.jpg"))
        #expect(try await sandbox.stats()["submits"] as? Int == 0)

        let accepted = try Self.onATerminal(command, answer: "y", in: studio)
        #expect(accepted.status == 0 && accepted.output.contains("Contact sheet: \(studio.path("sheet.jpg"))"), "\(accepted.output)")
        #expect(try await sandbox.stats()["submits"] as? Int == 1)
    }

    /// Runs a shell command under `script`, so its standard input is a terminal, and types `answer`.
    static func onATerminal(_ command: String, answer: String, in studio: Studio) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", command, "/dev/null"]
        process.currentDirectoryURL = URL(fileURLWithPath: studio.root)
        var environment = ProcessInfo.processInfo.environment
        environment.merge(SandboxProcess.environment) { $1 }
        process.environment = environment
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data("\(answer)\n".utf8))
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try? input.fileHandleForWriting.close()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func aLocalConfigWithoutAnUploadSectionIsAConfigurationErrorBeforeAnyQuestion() throws {
        let studio = try Studio()
        try studio.drop("rocket.jpg", as: "photos/rocket.jpg")
        let result = try Self.preview(studio, ["photos/rocket.jpg", "--profile", "golden-hour", "--provider", "pixeldojo", "--yes"])
        #expect(result.status == 78, "\(result.output)")
        #expect(result.output.contains("needs an upload: section") && !result.output.contains("credits"), "\(result.output)")
    }

    static let rest = """

        status:
          listen: off
        watch:
          - path: inbox
            profiles: by-subfolder
            output: relit/{profile}
        """

    /// Runs `relight preview` in the studio with no terminal on standard input.
    static func preview(_ studio: Studio, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: DaemonProcess.binary)
        process.arguments = ["preview"] + arguments + ["--config", studio.config]
        process.currentDirectoryURL = URL(fileURLWithPath: studio.root)
        var environment = ProcessInfo.processInfo.environment
        environment.merge(SandboxProcess.environment) { $1 }
        process.environment = environment
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
