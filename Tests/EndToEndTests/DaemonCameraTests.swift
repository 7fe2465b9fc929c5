import Foundation
import ImageCodecs
import ImagePixels
import Testing

/// `relight watch` with the local engine on camera files made at test time: a DNG, a HEIC, a
/// 16-bit TIFF, their sidecars, bad files, and a big RAW copied in slowly.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct DaemonCameraTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static let profiles = [
        "golden-hour": "description: warm\nprompt: golden hour sunlight\nlight_source: Left Light\noutput_format: jpg\nseed: 1\n",
        "studio": "description: 16-bit delivery\nprompt: soft studio light\nlight_source: Top Light\noutput_format: tiff\nseed: 2\n",
    ]

    static func config(settle: String) -> String {
        """
        provider: local
        status:
          listen: off
        watch:
          - path: inbox
            profiles: by-subfolder
            output: relit/{profile}
            settle: \(settle)
        """
    }

    /// Makes a camera file with a tool, in a folder outside the inbox; returns its path.
    func make(_ arguments: [String], output: String, in studio: Studio) throws -> String {
        let folder = studio.path("make")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus != 0 { Issue.record("\(arguments.joined(separator: " ")) failed: \(text)") }
        return folder + "/" + output
    }

    var photo: String { Bundle.module.url(forResource: "Fixtures/coffee.png", withExtension: nil)!.path }

    func dng(_ name: String, size: String, in studio: Studio, extra: [String] = []) throws -> String {
        try make(["python3", Self.repository + "/scripts/make-dng.py", photo, name, "--size", size] + extra, output: name, in: studio)
    }

    /// Moves a made file into the inbox in one step (rename), as a finished copy lands.
    func place(_ made: String, as relative: String, in studio: Studio) throws {
        let target = studio.path(relative)
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        guard rename(made, target) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    func decoded(_ relative: String, in studio: Studio) throws -> DecodedImage {
        try ImageDecoder.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: studio.path(relative)))))
    }

    @Test func aDNGAHEICAndATIFFComeOutRelitAtFullSizeAndSidecarsAreLeftAlone() async throws {
        let studio = try Studio(profiles: Self.profiles, config: Self.config(settle: "200ms"))
        let raw = try dng("shoot.dng", size: "300x200", in: studio, extra: ["--orientation", "8"])
        _ = try make(["convert", photo, "-resize", "240x160!", "phone.png"], output: "phone.png", in: studio)
        let heic = try make(["heif-enc", "-q", "85", "-o", "phone.heic", "phone.png"], output: "phone.heic", in: studio)
        let tiff = try make(["convert", photo, "-resize", "210x140!", "-depth", "16", "-compress", "lzw", "print.tif"], output: "print.tif", in: studio)
        let thumbnail = try make(["convert", photo, "-resize", "160x120", "SHOOT.THM"], output: "SHOOT.THM", in: studio)
        let daemon = try DaemonProcess(config: studio.config)
        try await daemon.waitUntilReady()
        try place(thumbnail, as: "inbox/golden-hour/SHOOT.THM", in: studio)
        try studio.write("inbox/golden-hour/shoot.xmp", "<x:xmpmeta xmlns:x='adobe:ns:meta/'/>\n")
        try place(raw, as: "inbox/golden-hour/shoot.dng", in: studio)
        try place(heic, as: "inbox/golden-hour/phone.heic", in: studio)
        try place(tiff, as: "inbox/studio/print.tif", in: studio)
        try await daemon.waitFor(timeout: 120, "three outputs") {
            studio.exists("relit/golden-hour/shoot_golden-hour.relight.json") && studio.exists("relit/golden-hour/phone_golden-hour.relight.json")
                && studio.exists("relit/studio/print_studio.relight.json")
        }
        try await Task.sleep(for: .seconds(1))
        #expect(try await daemon.stop() == 0)
        #expect(studio.files("relit/golden-hour") == [
            "phone_golden-hour.relight.json", "phone_golden-hour_1.jpg", "shoot_golden-hour.relight.json", "shoot_golden-hour_1.jpg",
        ], "the THM and XMP sidecars are not relit")
        #expect(!daemon.log.contains("SHOOT.THM") && !daemon.log.contains("shoot.xmp"), "sidecars are skipped quietly")
        let shoot = try decoded("relit/golden-hour/shoot_golden-hour_1.jpg", in: studio)
        #expect(shoot.pixels.width == 200 && shoot.pixels.height == 300, "orientation 8 turns the 300×200 sensor frame upright")
        let phone = try decoded("relit/golden-hour/phone_golden-hour_1.jpg", in: studio)
        #expect(phone.pixels.width == 240 && phone.pixels.height == 160)
        let print = try decoded("relit/studio/print_studio_1.tiff", in: studio)
        #expect(print.format == .tiff && print.pixels.width == 210 && print.pixels.height == 140)
        // The sidecar says what the source was and what read it; the output format is the profile's.
        let shootSidecar = try String(contentsOfFile: studio.path("relit/golden-hour/shoot_golden-hour.relight.json"), encoding: .utf8)
        #expect(shootSidecar.contains("\"format\" : \"DNG\"") && shootSidecar.contains("\"decoder\" : \"LibRaw"), "\(shootSidecar)")
        let phoneSidecar = try String(contentsOfFile: studio.path("relit/golden-hour/phone_golden-hour.relight.json"), encoding: .utf8)
        #expect(phoneSidecar.contains("\"format\" : \"HEIC\"") && phoneSidecar.contains("\"decoder\" : \"libheif"), "\(phoneSidecar)")
        let printSidecar = try String(contentsOfFile: studio.path("relit/studio/print_studio.relight.json"), encoding: .utf8)
        #expect(printSidecar.contains("\"output_format\" : \"tiff\""), "\(printSidecar)")
    }

    @Test func badCameraFilesGetAnErrorFileAndTheDaemonGoesOn() async throws {
        let studio = try Studio(profiles: Self.profiles, config: Self.config(settle: "200ms"))
        _ = try make(["convert", photo, "-resize", "400x300!", "big.png"], output: "big.png", in: studio)
        let heic = try make(["heif-enc", "-q", "85", "-o", "big.heic", "big.png"], output: "big.heic", in: studio)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: heic))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: studio.path("make/half.heic")))
        var random = SystemRandomNumberGenerator()
        let junk = studio.path("make/IMG_0001.CR3")
        try Data((0..<40_000).map { _ in UInt8.random(in: 0...255, using: &random) }).write(to: URL(fileURLWithPath: junk))
        let good = try dng("good.dng", size: "120x80", in: studio)

        let daemon = try DaemonProcess(config: studio.config)
        try await daemon.waitUntilReady()
        try place(studio.path("make/half.heic"), as: "inbox/golden-hour/half.heic", in: studio)
        try place(junk, as: "inbox/golden-hour/IMG_0001.CR3", in: studio)
        try place(good, as: "inbox/golden-hour/good.dng", in: studio)
        try await daemon.waitFor(timeout: 150, "the half HEIC's error file and the good DNG's output") {
            studio.exists("relit/golden-hour/half_golden-hour.error.json") && studio.exists("relit/golden-hour/good_golden-hour.relight.json")
        }
        try await daemon.waitFor("the random bytes to be skipped") { daemon.log.contains("IMG_0001.CR3") }
        let error = try String(contentsOfFile: studio.path("relit/golden-hour/half_golden-hour.error.json"), encoding: .utf8)
        #expect(error.contains("HEIC"), "the error names the format: \(error)")
        #expect(daemon.log.contains("skipped: its content is not an image relight reads"), "\(daemon.log)")
        #expect(!studio.exists("relit/golden-hour/IMG_0001_golden-hour.error.json"), "an unreadable format gets one log line, no error file")
        #expect(try await daemon.stop() == 0)
    }

    @Test func aBigRAWCopiedInChunksIsNotPickedUpEarly() async throws {
        let studio = try Studio(profiles: Self.profiles, config: Self.config(settle: "1s"))
        let made = try dng("big.dng", size: "1600x1200", in: studio, extra: ["--bits", "16"])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: made))
        let daemon = try DaemonProcess(config: studio.config)
        try await daemon.waitUntilReady()
        // A card reader's pace: 256 KB every 250 ms, written under the final name (no rename at the end).
        let target = studio.path("inbox/golden-hour/big.dng")
        _ = FileManager.default.createFile(atPath: target, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: target))
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + 256 * 1024)
            try handle.write(contentsOf: bytes[offset..<end])
            try handle.synchronize()
            offset = end
            #expect(!studio.exists("relit/golden-hour/big_golden-hour.error.json"), "picked up before the copy finished")
            #expect(!studio.exists("relit/golden-hour/big_golden-hour.relight.json"), "picked up before the copy finished")
            try await Task.sleep(for: .milliseconds(250))
        }
        try handle.close()
        try await daemon.waitFor(timeout: 120, "the output") { studio.exists("relit/golden-hour/big_golden-hour.relight.json") }
        #expect(!studio.exists("relit/golden-hour/big_golden-hour.error.json"))
        #expect(try await daemon.stop() == 0)
        let output = try decoded("relit/golden-hour/big_golden-hour_1.jpg", in: studio)
        #expect(output.pixels.width == 1600 && output.pixels.height == 1200)
    }

    @Test func throughTheCloudCameraFilesGoUpAsAProxyAndComeBackAtFullSize() async throws {
        let sandbox = try await SandboxProcess()
        let studio = try Studio(profiles: Self.profiles, config: sandbox.configSection + """

            status: {listen: off}
            watch:
              - path: inbox
                profiles: by-subfolder
                output: relit/{profile}
                settle: 200ms
            """)
        let raw = try dng("shoot.dng", size: "300x200", in: studio, extra: ["--orientation", "6"])
        _ = try make(["convert", photo, "-resize", "240x160!", "phone.png"], output: "phone.png", in: studio)
        let heic = try make(["heif-enc", "-q", "85", "-o", "phone.heic", "phone.png"], output: "phone.heic", in: studio)
        let tiff = try make(["convert", photo, "-resize", "210x140!", "-depth", "16", "print.tif"], output: "print.tif", in: studio)
        let daemon = try DaemonProcess(config: studio.config, environment: SandboxProcess.environment)
        try await daemon.waitUntilReady()
        try place(raw, as: "inbox/golden-hour/shoot.dng", in: studio)
        try place(heic, as: "inbox/golden-hour/phone.heic", in: studio)
        try place(tiff, as: "inbox/studio/print.tif", in: studio)
        try await daemon.waitFor(timeout: 120, "three outputs") {
            studio.exists("relit/golden-hour/shoot_golden-hour.relight.json") && studio.exists("relit/golden-hour/phone_golden-hour.relight.json")
                && studio.exists("relit/studio/print_studio.relight.json")
        }
        #expect(try await daemon.stop() == 0)
        let shoot = try decoded("relit/golden-hour/shoot_golden-hour_1.jpg", in: studio)
        #expect(shoot.pixels.width == 200 && shoot.pixels.height == 300, "the RAW's full frame, upright")
        let phone = try decoded("relit/golden-hour/phone_golden-hour_1.jpg", in: studio)
        #expect(phone.pixels.width == 240 && phone.pixels.height == 160)
        let print = try decoded("relit/studio/print_studio_1.tiff", in: studio)
        #expect(print.format == .tiff && print.pixels.width == 210 && print.pixels.height == 140, "TIFF delivered though the API made PNG")
        let sidecar = try String(contentsOfFile: studio.path("relit/golden-hour/shoot_golden-hour.relight.json"), encoding: .utf8)
        #expect(sidecar.contains("\"provider\" : \"pixeldojo\""))
        #expect(sidecar.contains("\"format\" : \"DNG\"") && sidecar.contains("\"decoder\" : \"LibRaw"), "\(sidecar)")
    }
}
