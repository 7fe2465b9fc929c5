import Foundation
import Testing

@Suite(.timeLimit(.minutes(3))) struct RunCommandTests {
    static let portrait = RelightBinary.repository + "/Tests/RelightEngineTests/Fixtures/portrait.jpg"

    func setUp() throws -> (Scratch, String) {
        let scratch = try Scratch()
        try scratch.write("profiles/warm.yaml", "prompt: golden hour sunlight\nlight_source: Left Light\nsize: 256x256\nhighres_scale: 1\noutput_format: jpg\nseed: 3\n")
        try scratch.write("profiles/night.yaml", "prompt: neon\nsize: 256x256\nhighres_scale: 1\nnumber_of_images: 2\noutput_format: webp\noutput_quality: 80\n")
        let config = try scratch.write("relight.yaml", "watch: []\n")
        try FileManager.default.createDirectory(atPath: scratch.path + "/in", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.portrait, toPath: scratch.path + "/in/portrait.jpg")
        return (scratch, config)
    }

    @Test func relightsAFolderIntoTheOutputFolder() throws {
        let (scratch, config) = try setUp()
        let result = try RelightBinary.run(
            ["run", "in", "--profile", "warm", "--profile", "night", "--out", "done", "--config", config], in: scratch.path)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let written = try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/done").sorted()
        #expect(written == ["portrait_night_1.webp", "portrait_night_2.webp", "portrait_warm_1.jpg"])
        #expect(result.stdout.contains("3 images written"))
    }

    @Test func aCorruptImageIsSkippedWithAReasonAndExitsOne() throws {
        let (scratch, config) = try setUp()
        try Data([0xFF, 0xD8, 0xFF, 0xDB, 0x00, 0x43, 0x00]).write(to: URL(fileURLWithPath: scratch.path + "/in/cut.jpg"))
        let result = try RelightBinary.run(["run", "in", "--profile", "warm", "--config", config], in: scratch.path)
        #expect(result.status == 1)
        #expect(result.stdout.contains("cut.jpg · warm → skipped:"))
        #expect(FileManager.default.fileExists(atPath: scratch.path + "/relit/portrait_warm_1.jpg"), "the default output folder is ./relit")
    }

    @Test func runningAgainRetriesAPhotoThatFailed() throws {
        // Running the command again is how a run is retried: it must try the photo again and finish,
        // not wait for the failed item for ever.
        let (scratch, config) = try setUp()
        try Data([0xFF, 0xD8, 0xFF, 0xDB, 0x00, 0x43, 0x00]).write(to: URL(fileURLWithPath: scratch.path + "/in/cut.jpg"))
        for _ in 0..<2 {
            let result = try RelightBinary.run(["run", "in/cut.jpg", "--profile", "warm", "--out", "done", "--config", config], in: scratch.path)
            #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
            #expect(result.stdout.contains("cut.jpg · warm → skipped:") && result.stdout.contains("1 of 1 item failed"), "\(result.stdout)")
        }
        let report = try String(contentsOfFile: scratch.path + "/done/cut_warm.error.json", encoding: .utf8)
        #expect(report.contains("relight run on the photo again") && !report.contains("relight retry"), "\(report)")
    }

    @Test func anOutputFolderThatCannotBeWrittenEndsTheRunAndTheNextRunDelivers() throws {
        let (scratch, config) = try setUp()
        // A file where the output folder should be: the operator's to fix, reported rather than waited on.
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: scratch.path + "/done"))
        let blocked = try RelightBinary.run(["run", "in/portrait.jpg", "--profile", "warm", "--out", "done", "--config", config], in: scratch.path)
        #expect(blocked.status == 1, "\(blocked.stdout)\(blocked.stderr)")
        #expect(blocked.stdout.contains("portrait.jpg · warm → skipped:") && blocked.stdout.contains("run this again"), "\(blocked.stdout)")
        try FileManager.default.removeItem(atPath: scratch.path + "/done")
        let again = try RelightBinary.run(["run", "in/portrait.jpg", "--profile", "warm", "--out", "done", "--config", config], in: scratch.path)
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(FileManager.default.fileExists(atPath: scratch.path + "/done/portrait_warm_1.jpg"))
    }

    @Test func twoProfilesThatDifferOnlyInNameEachWriteTheirOwnFile() throws {
        let (scratch, config) = try setUp()
        try scratch.write("profiles/warm-copy.yaml", "prompt: golden hour sunlight\nlight_source: Left Light\nsize: 256x256\nhighres_scale: 1\noutput_format: jpg\nseed: 3\n")
        let result = try RelightBinary.run(
            ["run", "in/portrait.jpg", "--profile", "warm", "--profile", "warm-copy", "--out", "done", "--config", config], in: scratch.path)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("warm-copy → portrait_warm-copy_1.jpg"), "\(result.stdout)")
        for name in ["warm", "warm-copy"] {
            #expect(FileManager.default.fileExists(atPath: scratch.path + "/done/portrait_\(name)_1.jpg"), "\(name)")
        }
    }

    @Test func statusSaysARunsFolderIsNotWatched() throws {
        let (scratch, config) = try setUp()
        #expect(try RelightBinary.run(["run", "in/portrait.jpg", "--profile", "warm", "--out", "done", "--config", config], in: scratch.path).status == 0)
        let status = try RelightBinary.run(["status", "--config", config], in: scratch.path)
        #expect(status.stdout.contains("/in (not watched: relight run, or no longer in relight.yaml): 1 done"), "\(status.stdout)")
    }

    @Test func nothingToRelightIsAUsageError() throws {
        let (scratch, config) = try setUp()
        try FileManager.default.createDirectory(atPath: scratch.path + "/empty", withIntermediateDirectories: true)
        for target in ["no-such-photo.jpg", "empty"] {
            let result = try RelightBinary.run(["run", target, "--profile", "warm", "--config", config], in: scratch.path)
            #expect(result.status == 64, "\(target): \(result.stdout)\(result.stderr)")
            #expect(result.stderr.contains("nothing to relight") && !result.stdout.contains("0 of 0"), "\(target): \(result.stdout)\(result.stderr)")
        }
    }

    @Test func anUnknownProfileIsAUsageError() throws {
        let (scratch, config) = try setUp()
        let result = try RelightBinary.run(["run", "in", "--profile", "wram", "--config", config], in: scratch.path)
        #expect(result.status == 64)
        #expect(result.stderr.contains("did you mean 'warm'"))
        #expect(try RelightBinary.run(["run", "in", "--config", config], in: scratch.path).status == 64)
    }

    func files(_ folder: String) throws -> [String: Data] {
        var found: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            found[name] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
        }
        return found
    }

    /// Issue 11.2: a photo relit before into one folder still gets its outputs in another.
    @Test func aSecondRunIntoAnotherFolderGetsTheOutputsThere() throws {
        let (scratch, config) = try setUp()
        let first = try RelightBinary.run(["run", "in", "--profile", "warm", "--profile", "night", "--out", "o1", "--config", config], in: scratch.path)
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        let second = try RelightBinary.run(["run", "in", "--profile", "warm", "--profile", "night", "--out", "o2", "--config", config], in: scratch.path)
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
        let o1 = try files(scratch.path + "/o1")
        let o2 = try files(scratch.path + "/o2")
        #expect(o1.keys.sorted() == ["portrait_night_1.webp", "portrait_night_2.webp", "portrait_warm_1.jpg"])
        #expect(o2 == o1, "the outputs are copied into o2, byte for byte")
        #expect(second.stdout.contains("3 reused from earlier relights"), "\(second.stdout)")

        // The same run again: nothing new, and no ' (2)' copies beside the first ones.
        let again = try RelightBinary.run(["run", "in", "--profile", "warm", "--out", "o2", "--config", config], in: scratch.path)
        #expect(again.status == 0)
        #expect(try files(scratch.path + "/o2") == o1)

        // A damaged earlier output is not copied: the photo is relit again, with the same bytes (fixed seed).
        try Data("not a jpeg".utf8).write(to: URL(fileURLWithPath: scratch.path + "/o1/portrait_warm_1.jpg"))
        let relit = try RelightBinary.run(["run", "in", "--profile", "warm", "--out", "o3", "--config", config], in: scratch.path)
        #expect(relit.status == 0, "\(relit.stdout)\(relit.stderr)")
        #expect(relit.stdout.contains("1 image written"), "\(relit.stdout)")
        #expect(try files(scratch.path + "/o3")["portrait_warm_1.jpg"] == o1["portrait_warm_1.jpg"])
    }

    /// Issue 11.2: --force relights even when intact outputs exist, and a fixed seed gives the same bytes.
    @Test func forceRelightsRegardless() throws {
        let (scratch, config) = try setUp()
        #expect(try RelightBinary.run(["run", "in", "--profile", "warm", "--out", "o1", "--config", config], in: scratch.path).status == 0)
        let forced = try RelightBinary.run(["run", "in", "--profile", "warm", "--out", "o2", "--force", "--config", config], in: scratch.path)
        #expect(forced.status == 0, "\(forced.stdout)\(forced.stderr)")
        #expect(forced.stdout.contains("1 image written to o2/"), "\(forced.stdout)")
        #expect(try files(scratch.path + "/o2") == files(scratch.path + "/o1"))
        // Forced again into the same folder: the identical file is kept, not doubled.
        #expect(try RelightBinary.run(["run", "in", "--profile", "warm", "--out", "o2", "--force", "--config", config], in: scratch.path).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/o2") == ["portrait_warm_1.jpg"])
    }

    /// Runs ImageMagick (a test tool here, not a dependency of relight) and returns its output.
    @discardableResult
    func magick(_ arguments: [String], in folder: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Issue 12: `deliver: source` (the default) keeps the whole frame at the source's own size:
    /// a 24 MP landscape comes back 6000 × 4000, not a 1.5 MP crop.
    @Test func aFullSizeSourceComesBackAtItsOwnSize() throws {
        let (scratch, config) = try setUp()
        try magick(["convert", Self.portrait, "-resize", "6000x4000!", "-quality", "90", "in/big.jpg"], in: scratch.path)
        try FileManager.default.removeItem(atPath: scratch.path + "/in/portrait.jpg")
        let result = try RelightBinary.run(["run", "in/big.jpg", "--profile", "warm", "--out", "out", "--config", config], in: scratch.path)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(try magick(["identify", "-format", "%wx%h", "out/big_warm_1.jpg"], in: scratch.path) == "6000x4000")
        // The API's geometry stays available: deliver: generated gives the profile's crop and size.
        try scratch.write("profiles/cropped.yaml", "prompt: golden hour sunlight\nsize: 256x256\nhighres_scale: 1\noutput_format: jpg\ndeliver: generated\n")
        let cropped = try RelightBinary.run(["run", "in/big.jpg", "--profile", "cropped", "--out", "out", "--config", config], in: scratch.path)
        #expect(cropped.status == 0, "\(cropped.stdout)\(cropped.stderr)")
        #expect(try magick(["identify", "-format", "%wx%h", "out/big_cropped_1.jpg"], in: scratch.path) == "256x256")
    }

    /// Issue 12: an EXIF-rotated photo comes out upright, with its displayed dimensions.
    @Test func anEXIFRotatedPhotoComesOutUpright() throws {
        let (scratch, config) = try setUp()
        // Stored landscape with a red corner at the top left; Orientation 6 shows it as a portrait
        // whose red corner is at the top right.
        try magick([
            // -colorspace sRGB and -type TrueColor: ImageMagick 6.9.11 otherwise keeps xc:gray60's Gray
            // colorspace and writes a grayscale JPEG with the red corner as luminance 54.
            "convert", "-size", "600x400", "xc:gray60", "-colorspace", "sRGB", "-fill", "red", "-draw", "rectangle 0,0 120,120",
            "-type", "TrueColor", "-quality", "95", "in/rotated.jpg",
        ], in: scratch.path)
        try magick(["exiftool", "-q", "-n", "-Orientation=6", "-overwrite_original", "in/rotated.jpg"], in: scratch.path)
        let result = try RelightBinary.run(["run", "in/rotated.jpg", "--profile", "warm", "--out", "out", "--config", config], in: scratch.path)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(try magick(["identify", "-format", "%wx%h", "out/rotated_warm_1.jpg"], in: scratch.path) == "400x600")
        func mean(_ x: Int, _ y: Int) throws -> [Double] {
            let text = try magick(["convert", "out/rotated_warm_1.jpg", "-crop", "60x60+\(x)+\(y)", "-scale", "1x1!", "-format", "%[fx:r*255] %[fx:g*255] %[fx:b*255]", "info:"], in: scratch.path)
            return text.split(separator: " ").compactMap { Double($0) }
        }
        let topRight = try mean(330, 10), topLeft = try mean(10, 10)
        #expect(topRight.count == 3 && topRight[0] > topRight[1] + 40, "red corner at the top right: \(topRight)")
        #expect(topLeft.count == 3 && abs(topLeft[0] - topLeft[1]) < 40, "grey at the top left: \(topLeft)")
    }
}

/// Issue 12: a 16-bit PNG comes out as a 16-bit PNG of the same size, with its alpha, ICC profile and EXIF.
@Suite(.timeLimit(.minutes(3))) struct DeepOutputTests {
    static let exifSource = RelightBinary.repository + "/Tests/ImageCodecsTests/Fixtures/exif.jpg"

    @Test func a16BitPNGKeepsItsDepthAlphaICCAndEXIF() throws {
        let tests = RunCommandTests()
        let (scratch, config) = try tests.setUp()
        try scratch.write("profiles/deep.yaml", "prompt: golden hour sunlight\nlight_source: Left Light\noutput_format: png\nseed: 3\n")
        try FileManager.default.removeItem(atPath: scratch.path + "/in/portrait.jpg")
        // A smooth 16-bit gradient (more levels than 8 bits hold), with a transparent band at the top.
        try tests.magick([
            "convert", "-size", "400x600", "gradient:#202020-#e0c0a0", "-rotate", "-90", "-alpha", "set",
            "(", "-size", "600x400", "xc:white", "-fill", "black", "-draw", "rectangle 0,0 599,59", ")",
            "-compose", "copy_opacity", "-composite", "-depth", "16", "PNG64:in/deep.png",
        ], in: scratch.path)
        try tests.magick(["exiftool", "-q", "-b", "-ICC_Profile", Self.exifSource, "-w!", "%0fprofile.icc"], in: scratch.path)
        try FileManager.default.moveItem(atPath: scratch.path + "/profile.icc", toPath: scratch.path + "/p.icc")
        try tests.magick([
            "exiftool", "-q", "-overwrite_original", "-ICC_Profile<=p.icc", "-Make=RelightCam", "-Model=Deep 16",
            "-DateTimeOriginal=2024:06:01 18:30:00", "-Copyright=CC0", "in/deep.png",
        ], in: scratch.path)

        let result = try RelightBinary.run(["run", "in/deep.png", "--profile", "deep", "--out", "out", "--config", config], in: scratch.path)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let info = try tests.magick(["identify", "-format", "%wx%h %z %A", "out/deep_deep_1.png"], in: scratch.path)
        #expect(info.hasPrefix("600x400 16 "), "size and depth: \(info)")
        #expect(!info.hasSuffix("False") && !info.hasSuffix("Undefined"), "alpha kept: \(info)")
        // More distinct levels along one row than 8 bits could hold.
        let levels = try tests.magick(["convert", "out/deep_deep_1.png", "-crop", "600x1+0+300", "-alpha", "off", "-channel", "G", "-separate", "-format", "%k", "info:"], in: scratch.path)
        #expect((Int(levels) ?? 0) > 256, "distinct green levels in one row: \(levels)")
        // Alpha unchanged, pixel for pixel.
        let alphaIn = try tests.magick(["convert", "in/deep.png", "-alpha", "extract", "-format", "%#", "info:"], in: scratch.path)
        let alphaOut = try tests.magick(["convert", "out/deep_deep_1.png", "-alpha", "extract", "-format", "%#", "info:"], in: scratch.path)
        #expect(alphaIn == alphaOut, "the alpha channel is the source's")
        // Relit, not copied.
        let meanIn = try tests.magick(["convert", "in/deep.png", "-alpha", "off", "-format", "%[fx:mean]", "info:"], in: scratch.path)
        let meanOut = try tests.magick(["convert", "out/deep_deep_1.png", "-alpha", "off", "-format", "%[fx:mean]", "info:"], in: scratch.path)
        #expect(meanIn != meanOut)
        // ICC and EXIF survive.
        let tags = try tests.magick(["exiftool", "-s3", "-ICC_Profile:ProfileDescription", "-Make", "-Model", "-DateTimeOriginal", "-Copyright", "out/deep_deep_1.png"], in: scratch.path)
        let sourceTags = try tests.magick(["exiftool", "-s3", "-ICC_Profile:ProfileDescription", "-Make", "-Model", "-DateTimeOriginal", "-Copyright", "in/deep.png"], in: scratch.path)
        #expect(tags == sourceTags && tags.contains("RelightCam") && tags.split(separator: "\n").count == 5, "\(tags) vs \(sourceTags)")
    }

    /// TIFF holds alpha: an RGBA source relit into TIFF keeps its transparency (only JPEG drops it).
    @Test func anRGBASourceKeepsItsAlphaInTIFF() throws {
        let tests = RunCommandTests()
        let (scratch, config) = try tests.setUp()
        try scratch.write("profiles/print.yaml", "prompt: soft light\noutput_format: tiff\nseed: 3\n")
        try FileManager.default.removeItem(atPath: scratch.path + "/in/portrait.jpg")
        try tests.magick([
            "convert", "-size", "300x200", "gradient:#402010-#f0d0a0", "-alpha", "set",
            "(", "-size", "300x200", "xc:white", "-fill", "black", "-draw", "rectangle 0,0 99,199", ")",
            "-compose", "copy_opacity", "-composite", "PNG32:in/cutout.png",
        ], in: scratch.path)
        let result = try RelightBinary.run(["run", "in/cutout.png", "--profile", "print", "--out", "out", "--config", config], in: scratch.path)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let info = try tests.magick(["identify", "-format", "%m %wx%h %A", "out/cutout_print_1.tiff"], in: scratch.path)
        #expect(info.hasPrefix("TIFF 300x200 ") && !info.hasSuffix("False") && !info.hasSuffix("Undefined"), "\(info)")
        let alphaIn = try tests.magick(["convert", "in/cutout.png", "-alpha", "extract", "-format", "%#", "info:"], in: scratch.path)
        let alphaOut = try tests.magick(["convert", "out/cutout_print_1.tiff", "-alpha", "extract", "-format", "%#", "info:"], in: scratch.path)
        #expect(alphaIn == alphaOut, "the alpha channel is the source's")
    }
}
