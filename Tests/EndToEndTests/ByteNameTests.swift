import Foundation
import ImageCodecs
import ImagePixels
import RelightConfig
import StatusServer
import Testing

/// Photos whose names are not UTF-8: Latin-1 names from old Windows and Samba shares, such as
/// `caf\xE9.jpg`, through the real inotify watcher, the real binary and the real file system.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct ByteNameTests {
    /// `caf\xE9.jpg`: "café.jpg" in Latin-1.
    static let latin1: [UInt8] = Array("caf".utf8) + [0xE9] + Array(".jpg".utf8)

    @Test func aLatin1NameIsRelitNamedReadablyAndShownEscaped() async throws {
        let port = StatusHTTP.freePort()
        let base = "http://127.0.0.1:\(port)"
        let studio = try Studio.withStatus(port: port)
        let daemon = try DaemonProcess(config: studio.config)
        try await daemon.waitUntilReady()
        let source = try studio.drop("rocket.jpg", into: "inbox/golden-hour", name: Self.latin1)
        try await daemon.waitFor("the output") { studio.exists("relit/golden-hour/café_golden-hour.relight.json") }
        #expect(studio.files("relit/golden-hour") == ["café_golden-hour.relight.json", "café_golden-hour_1.jpg"])
        let output = try Data(contentsOf: URL(fileURLWithPath: studio.path("relit/golden-hour/café_golden-hour_1.jpg")))
        let decoded = try ImageDecoder.decode([UInt8](output))
        #expect(decoded.pixels.width > 0 && decoded.pixels.height > 0)

        let escaped = studio.path("inbox/golden-hour/caf\\xE9.jpg")
        let sidecar = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: studio.path("relit/golden-hour/café_golden-hour.relight.json")))) as? [String: Any]
        #expect((sidecar?["source"] as? [String: Any])?["path"] as? String == escaped)
        #expect(daemon.log.contains("file.path=\(escaped)"), "\(daemon.log)")
        #expect(!daemon.log.contains("not valid UTF-8"))
        #expect(PathBytes(source).exists, "after: keep leaves the source")

        let status = try await StatusHTTP.get("\(base)/api/status")
        let report = try StatusReport.decoder.decode(StatusReport.self, from: status.body)
        let job = try #require(report.recent.first)
        #expect(job.fileName == "caf\\xE9.jpg" && job.sourcePath == escaped)
        #expect(status.text.contains("caf\\\\xE9.jpg"), "JSON escapes the backslash: \(status.text)")
        let page = try await StatusHTTP.get("\(base)/")
        #expect(page.text.contains("caf\\xE9.jpg"))
        let thumbnail = try await StatusHTTP.get(base + job.thumbnailBefore)
        #expect(thumbnail.status == 200 && thumbnail.body.prefix(3) == Data([0xFF, 0xD8, 0xFF]), "the source thumbnail reads the real name")
        for text in [daemon.log, status.text, page.text] {
            #expect(!text.unicodeScalars.contains { $0.value >= 0x10_FF00 || $0 == "\u{FFFD}" }, "no private-use or replacement characters")
        }
        #expect(try await daemon.stop() == 0)
    }

    @Test func afterMoveAndAfterDeleteReachALatin1Name() async throws {
        for after in ["move:done", "delete"] {
            let studio = try Studio(config: """
                provider: local
                status: {listen: off}
                watch:
                  - path: inbox
                    profiles: [golden-hour]
                    output: relit
                    settle: 200ms
                    after: \(after)
                """)
            let daemon = try DaemonProcess(config: studio.config)
            try await daemon.waitUntilReady()
            try studio.drop("rocket.jpg", into: "inbox", name: Self.latin1)
            try await daemon.waitFor("the source to be \(after)") { studio.byteNames("inbox").isEmpty }
            #expect(studio.exists("relit/café_golden-hour_1.jpg"), "\(after)")
            #expect(studio.byteNames("done") == (after == "delete" ? [] : [Self.latin1]), "a moved source keeps its bytes")
            let verb = after == "delete" ? "deleted" : "moved"
            // The log line follows the move or delete; on a loaded machine it can come a moment later.
            try await daemon.waitFor("the \(verb) log line") { daemon.log.contains("source \(verb)") }
            let line = daemon.log.split(separator: "\n").first { $0.contains("source \(verb)") }
            #expect(line?.contains("file.path=\(studio.path("inbox/caf\\xE9.jpg"))") == true, "\(daemon.log)")
            #expect(try await daemon.stop() == 0)
        }
    }

    @Test func relightRunTakesALatin1FileAndAFolderHoldingOne() throws {
        let studio = try Studio()
        try studio.drop("rocket.jpg", into: "shots", name: Self.latin1)
        // As a user types it in a shell: the argument carries the byte 0xE9 itself.
        let file = try studio.shell(#"exec "$RELIGHT" run "shots/$(printf 'caf\351.jpg')" --profile neon-night --out one --config relight.yaml"#)
        #expect(file.status == 0, "\(file.output)")
        #expect(file.output.contains("caf\\xE9.jpg · neon-night → "), "\(file.output)")
        #expect(studio.files("one") == ["café_neon-night_1.png"])
        let folder = try studio.relight(["run", studio.path("shots"), "--profile", "golden-hour", "--out", studio.path("two")])
        #expect(folder.status == 0, "\(folder.output)")
        #expect(studio.files("two") == ["café_golden-hour_1.jpg"])
        #expect(!file.output.unicodeScalars.contains { $0.value >= 0x10_FF00 } && !folder.output.unicodeScalars.contains { $0.value >= 0x10_FF00 })
    }
}

extension Studio {
    /// Copies a fixture photo in under a name given as raw bytes (which Foundation cannot create):
    /// written under a temporary name, then renamed, as a photographer's copy lands. Returns the
    /// path as relight carries it (``PathBytes/string``).
    @discardableResult
    func drop(_ fixture: String, into folder: String, name: [UInt8]) throws -> String {
        let data = try Data(contentsOf: Bundle.module.url(forResource: "Fixtures/\(fixture)", withExtension: nil)!)
        let temporary = try write("\(folder)/.incoming.part", data)
        let final = PathBytes(path(folder)).appending(name)
        guard final.withCString({ rename(temporary, $0) }) == 0 else { throw CocoaError(.fileWriteUnknown) }
        return final.string
    }

    /// The names in a folder as raw bytes, sorted (hidden ones left out).
    func byteNames(_ relative: String) -> [[UInt8]] {
        ((try? PathBytes(path(relative)).entries()) ?? []).filter { $0.first != UInt8(ascii: ".") }.sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// Runs a `/bin/sh` script in the studio with `$RELIGHT` set to the binary.
    func shell(_ script: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        var environment = ProcessInfo.processInfo.environment
        environment["RELIGHT"] = DaemonProcess.binary
        environment["RELIGHT_CONFIG"] = nil
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
