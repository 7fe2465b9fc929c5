import Foundation
import RelightConfig
import RelightPipeline
@testable import StatusServer
import Testing

@Suite struct ProfileGalleryTests {
    @Test func previewsAreCachedByFingerprintAndRenderedAgainAfterAnEdit() async throws {
        let state = (NSTemporaryDirectory() as NSString).appendingPathComponent("relight-previews-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: state) }
        let previews = ProfilePreviews(stateDirectory: state, size: 160)
        var profile = LightingProfile(name: "golden-hour", prompt: "golden hour sunlight")
        let first = try #require(await previews.preview(of: profile, candidates: ["/no/such/photo.jpg"]))
        #expect(first.prefix(3) == Data([0xFF, 0xD8, 0xFF]), "a JPEG of the sample photo")
        let files = { try FileManager.default.contentsOfDirectory(atPath: previews.folder).sorted() }
        #expect(try files() == ["golden-hour-\(profile.fingerprint)-sample.jpg"])

        profile.description = "reworded"
        #expect(await previews.preview(of: profile, candidates: []) == first, "the description does not change the look")
        #expect(try files().count == 1)

        profile.prompt = "blue hour twilight"
        let edited = try #require(await previews.preview(of: profile, candidates: []))
        #expect(edited != first, "an edit renders a new preview")
        #expect(try files() == ["golden-hour-\(profile.fingerprint)-sample.jpg"], "the stale one is gone")
    }

    @Test func galleryEscapesDescriptionsAndListsTheFoldersThatUseAProfile() {
        var profile = LightingProfile(name: "window", prompt: "soft window light")
        profile.description = #"<img src=x onerror="alert(1)"> & more"#
        let configuration = RelightConfiguration(
            file: "/studio/relight.yaml", baseDirectory: "/studio", provider: .local, providerIsExplicit: true, profilesDirectory: "/studio/<profiles>",
            stateDirectory: "/studio/.relight", pixeldojo: PixelDojoSettings(), upload: nil, budget: BudgetSettings(),
            watch: [
                WatchEntry(path: "/studio/inbox", output: "/studio/relit", location: SourceLocation(file: "relight.yaml")),
                WatchEntry(path: "/studio/<weddings>", profiles: .list(["window"]), output: "/studio/out", location: SourceLocation(file: "relight.yaml")),
                WatchEntry(path: "/studio/other", profiles: .list(["golden-hour"]), output: "/studio/out", location: SourceLocation(file: "relight.yaml")),
            ],
            status: StatusSettings(listen: nil))
        let html = ProfileGallery(configuration: configuration, profiles: [profile]).html
        #expect(html.contains("&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; more") && !html.contains("<img src=x"))
        #expect(html.contains("/studio/inbox/window/") && html.contains("/studio/&lt;weddings&gt;") && !html.contains("/studio/other"))
        #expect(html.contains("/profiles/window/preview?v=\(profile.fingerprint)"))
        #expect(html.contains("<th>prompt</th><td>soft window light</td>"))
    }
}
