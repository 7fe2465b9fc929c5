import Foundation
import ImageCodecs
import ImagePixels
import Testing

/// `relight run` on camera files made at test time: a DNG (scripts/make-dng.py), a HEIC (heif-enc)
/// and a 16-bit TIFF (ImageMagick), with sidecars beside them and bad files among them.
@Suite(.timeLimit(.minutes(5))) struct CameraRunTests {
    static let photo = RelightBinary.repository + "/Tests/EndToEndTests/Fixtures/chelsea.png"

    func tool(_ arguments: [String], in folder: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus != 0 { Issue.record("\(arguments.joined(separator: " ")) failed: \(output)") }
    }

    func exiftool(_ file: String) throws -> [String: String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/exiftool")
        process.arguments = ["-j", "-a", "-G1", "-s", file]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let list = try JSONSerialization.jsonObject(with: data) as? [[String: Any]]
        return (list?.first ?? [:]).mapValues { "\($0)" }
    }

    func setUp() throws -> (Scratch, String) {
        let scratch = try Scratch()
        try scratch.write("profiles/studio.yaml", "prompt: soft studio light\nlight_source: Top Light\noutput_format: tiff\nseed: 5\n")
        try scratch.write("profiles/web.yaml", "prompt: golden hour\nlight_source: Left Light\noutput_format: jpg\nseed: 6\n")
        let config = try scratch.write("relight.yaml", "watch: []\n")
        let input = scratch.path + "/in"
        try FileManager.default.createDirectory(atPath: input, withIntermediateDirectories: true)
        // A portrait DNG: the sensor holds the landscape frame, orientation 6 turns it upright.
        try tool(["python3", RelightBinary.repository + "/scripts/make-dng.py", Self.photo, "cat.dng", "--size", "240x160", "--orientation", "6"], in: input)
        try tool(["convert", Self.photo, "-resize", "200x150!", "phone.png"], in: input)
        try tool(["heif-enc", "-q", "85", "-o", "phone.heic", "phone.png"], in: input)
        try FileManager.default.removeItem(atPath: input + "/phone.png")
        try tool(["convert", Self.photo, "-resize", "180x120!", "-depth", "16", "-compress", "zip", "retouched.tif"], in: input)
        // Sidecars: an XMP and a camera's THM thumbnail (a real JPEG), which must not be relit.
        try scratch.write("in/cat.xmp", "<x:xmpmeta xmlns:x='adobe:ns:meta/'/>\n")
        try tool(["convert", Self.photo, "-resize", "160x120", "CAT.THM"], in: input)
        return (scratch, config)
    }

    @Test func relightsRAWHEICAndTIFFAtFullSizeWithTheirEXIF() throws {
        let (scratch, config) = try setUp()
        let result = try RelightBinary.run(["run", "in", "--profile", "studio", "--profile", "web", "--out", "done", "--config", config], in: scratch.path)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let written = try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/done").sorted()
        #expect(written == [
            "cat_studio_1.tiff", "cat_web_1.jpg", "phone_studio_1.tiff", "phone_web_1.jpg", "retouched_studio_1.tiff", "retouched_web_1.jpg",
        ], "sidecars are not relit: \(written)")
        let sizes: [String: (Int, Int)] = ["cat": (160, 240), "phone": (200, 150), "retouched": (180, 120)]
        for (stem, size) in sizes {
            for name in ["\(stem)_studio_1.tiff", "\(stem)_web_1.jpg"] {
                let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: scratch.path + "/done/" + name)))
                let decoded = try ImageDecoder.decode(bytes)
                #expect(decoded.format == (name.hasSuffix(".tiff") ? .tiff : .jpeg), "\(name)")
                #expect(decoded.pixels.width == size.0 && decoded.pixels.height == size.1, "\(name): \(decoded.pixels.width)×\(decoded.pixels.height)")
            }
        }
        for name in ["cat_studio_1.tiff", "cat_web_1.jpg"] {
            let tags = try exiftool(scratch.path + "/done/" + name)
            #expect(tags["IFD0:Make"] == "Canon", "\(name): \(tags)")
            #expect(tags["ExifIFD:DateTimeOriginal"] == "2024:06:01 18:30:00", "\(name)")
            #expect(tags["IFD0:Copyright"] == "(c) 2024 Jane Doe", "\(name)")
            #expect(tags["ExifIFD:LensModel"] == "RF50mm F1.8 STM", "\(name)")
            #expect(tags["IFD0:Orientation"] == nil || tags["IFD0:Orientation"] == "Horizontal (normal)", "\(name)")
            #expect(tags["ExifTool:Warning"] == nil, "\(name): \(tags["ExifTool:Warning"] ?? "")")
        }
    }

    @Test func aTIFFProfileAndItsPNGTwinEachDeliverTheirOwnFormat() throws {
        // The API is asked for PNG on a TIFF profile's behalf: the two must still be different work.
        let scratch = try Scratch()
        try scratch.write("profiles/as-png.yaml", "prompt: soft light\nlight_source: Right Light\nseed: 7\noutput_format: png\n")
        try scratch.write("profiles/as-tiff.yaml", "prompt: soft light\nlight_source: Right Light\nseed: 7\noutput_format: tiff\n")
        let config = try scratch.write("relight.yaml", "watch: []\n")
        for profile in ["as-tiff", "as-png"] {
            let result = try RelightBinary.run(["run", Self.photo, "--profile", profile, "--out", "done", "--config", config], in: scratch.path)
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        }
        let written = try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/done").sorted()
        #expect(written == ["chelsea_as-png_1.png", "chelsea_as-tiff_1.tiff"], "\(written)")
        for (name, format) in [("chelsea_as-png_1.png", ImageFormat.png), ("chelsea_as-tiff_1.tiff", .tiff)] {
            guard let data = FileManager.default.contents(atPath: scratch.path + "/done/" + name) else { continue }
            #expect(try ImageDecoder.decode([UInt8](data)).format == format, "\(name)")
        }
    }

    @Test func badCameraFilesAreSkippedWithTheirFormatAndReason() throws {
        let (scratch, config) = try setUp()
        let input = scratch.path + "/in"
        try tool(["python3", RelightBinary.repository + "/scripts/make-dng.py", Self.photo, "cut.dng", "--size", "400x300", "--truncate", "90000"], in: input)
        let heic = try Data(contentsOf: URL(fileURLWithPath: input + "/phone.heic"))
        try heic.prefix(heic.count / 2).write(to: URL(fileURLWithPath: input + "/half.heic"))
        var random = SystemRandomNumberGenerator()
        try Data((0..<40_000).map { _ in UInt8.random(in: 0...255, using: &random) }).write(to: URL(fileURLWithPath: input + "/junk.CR3"))
        let result = try RelightBinary.run(
            ["run", "in/cut.dng", "in/half.heic", "in/junk.CR3", "in/phone.heic", "--profile", "web", "--out", "done", "--config", config],
            in: scratch.path)
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let cut = lines.first { $0.contains("cut.dng") && $0.contains("skipped:") } ?? ""
        #expect(cut.contains("DNG"), "\(result.stdout)")
        let half = lines.first { $0.contains("half.heic") && $0.contains("skipped:") } ?? ""
        #expect(half.contains("HEIC"), "\(result.stdout)")
        let junk = lines.first { $0.contains("junk.CR3") && $0.contains("skipped:") } ?? ""
        #expect(junk.contains("not an image relight reads"), "\(result.stdout)")
        #expect(FileManager.default.fileExists(atPath: scratch.path + "/done/phone_web_1.jpg"), "a good file among bad ones is still relit")
    }

    @Test func previewModeUsesTheDevelopFallbackForADNGWithoutPreview() throws {
        let (scratch, _) = try setUp()
        let config = try scratch.write("relight.yaml", "raw: preview\nwatch: []\n")
        let result = try RelightBinary.run(["run", "in/cat.dng", "--profile", "web", "--out", "done", "--config", config], in: scratch.path)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: scratch.path + "/done/cat_web_1.jpg")))
        let decoded = try ImageDecoder.decode(bytes)
        #expect(decoded.pixels.width == 160 && decoded.pixels.height == 240)
        let wrong = try scratch.write("bad.yaml", "raw: quick\nwatch: []\n")
        let refused = try RelightBinary.run(["validate", "--config", wrong], in: scratch.path)
        #expect(refused.status == 78)
        #expect(refused.stderr.contains("'raw' must be one of develop, preview"), "\(refused.stderr)")
    }
}
