import Foundation
import RelightConfig
import Testing
@testable import RelightPipeline

@Suite struct OutputNamingTests {
    let date = Date(timeIntervalSince1970: 1_795_600_000)  // 2026-11-25 in most time zones

    func entry(output: String = "/relit/{profile}", naming: String = WatchEntry.defaultNaming, profiles: ProfileSelection = .bySubfolder) -> WatchEntry {
        WatchEntry(path: "/inbox", profiles: profiles, output: output, naming: naming, location: SourceLocation(file: "relight.yaml"))
    }

    @Test func fillsTheDefaultTemplates() {
        let naming = OutputNaming(entry: entry(), profile: "golden-hour", source: "/inbox/golden-hour/beach.jpg", date: date, model: "local-engine")
        #expect(naming.folder == "/relit/golden-hour")
        #expect(naming.fileName(index: 2, format: .png, seed: 7) == "beach_golden-hour_2.png")
        #expect(naming.sidecarName == "beach_golden-hour.relight.json")
        #expect(naming.errorName == "beach_golden-hour.error.json")
    }

    @Test func fillsEveryToken() {
        let naming = OutputNaming(
            entry: entry(output: "/relit/{date}/{profile}/{subdir}", naming: "{stem}-{profile}-{index}-{seed}-{model}-{date}.{ext}"),
            profile: "neon-night", source: "/inbox/neon-night/shoot 12/day 2/a.b.jpg", date: date, model: "magic-lighting")
        #expect(naming.subdirectory == "shoot 12/day 2")
        #expect(naming.folder == "/relit/\(naming.dateText)/neon-night/shoot 12/day 2")
        #expect(naming.fileName(index: 1, format: .webp, seed: 42) == "a.b-neon-night-1-42-magic-lighting-\(naming.dateText).webp")
        #expect(naming.dateText.count == 10)
    }

    @Test func subdirKeepsTheProfileFolderForListedProfiles() {
        let naming = OutputNaming(entry: entry(profiles: .list(["warm"])), profile: "warm", source: "/inbox/warm/x.jpg", date: date, model: "m")
        #expect(naming.subdirectory == "warm")
        let top = OutputNaming(entry: entry(profiles: .list(["warm"])), profile: "warm", source: "/inbox/x.jpg", date: date, model: "m")
        #expect(top.subdirectory == "")
        #expect(OutputNaming(entry: entry(output: "/r/{subdir}"), profile: "p", source: "/inbox/p/x.jpg", date: date, model: "m").folder == "/r")
    }
}

extension OutputNamingTests {
    /// A Latin-1 name (not UTF-8) gives outputs a valid UTF-8 name, its bytes read as Windows-1252.
    @Test func aLatin1StemAndSubfolderAreDecodedForOutputNames() {
        let source = PathBytes(bytes: Array("/inbox/golden-hour/f".utf8) + [0xEA] + Array("te/caf".utf8) + [0xE9] + Array(".jpg".utf8)).string
        let naming = OutputNaming(entry: entry(output: "/relit/{profile}/{subdir}"), profile: "golden-hour", source: source, date: date, model: "m")
        #expect(naming.stem == "café")
        #expect(naming.fileName(index: 1, format: .jpg, seed: nil) == "café_golden-hour_1.jpg")
        #expect(naming.sidecarName == "café_golden-hour.relight.json")
        #expect(naming.subdirectory == "fête")
        #expect(naming.folder == "/relit/golden-hour/fête")
    }
}
