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

    @Test func anUnknownProfileIsAUsageError() throws {
        let (scratch, config) = try setUp()
        let result = try RelightBinary.run(["run", "in", "--profile", "wram", "--config", config], in: scratch.path)
        #expect(result.status == 64)
        #expect(result.stderr.contains("did you mean 'warm'"))
        #expect(try RelightBinary.run(["run", "in", "--config", config], in: scratch.path).status == 64)
    }
}
