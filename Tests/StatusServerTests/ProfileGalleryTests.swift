import Foundation
import Logging
import Synchronization
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

    @Test func aPhotoThatCannotBeDecodedIsPassedOverWithALogLine() async throws {
        let state = (NSTemporaryDirectory() as NSString).appendingPathComponent("relight-previews-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: state) }
        // The newest photo is cut short (a copy that failed half way); the one before it is whole.
        let whole = (state as NSString).appendingPathComponent("whole.jpg"), broken = (state as NSString).appendingPathComponent("broken.jpg")
        try Data(SamplePhoto.jpeg).write(to: URL(fileURLWithPath: whole))
        try Data(SamplePhoto.jpeg.prefix(600)).write(to: URL(fileURLWithPath: broken))
        let previews = ProfilePreviews(stateDirectory: state, size: 160)
        let profile = LightingProfile(name: "moonlight", prompt: "moonlight")
        let lines = LinesCapture()
        let logger = Logger(label: "test") { _ in lines }
        let preview = try #require(await previews.preview(of: profile, candidates: [broken, whole], logger: logger))
        #expect(preview.prefix(3) == Data([0xFF, 0xD8, 0xFF]))
        let cached = try FileManager.default.contentsOfDirectory(atPath: previews.folder)
        let wholeKey = ProfilePreviews.photos(from: [whole]).first?.key ?? "?"
        #expect(cached == ["moonlight-\(profile.fingerprint)-\(wholeKey).jpg"], "rendered on the whole photo: \(cached)")
        let logged = lines.messages
        #expect(logged.count == 1 && logged.first?.contains("broken.jpg") == true, "\(logged)")
        // With only the broken one, the sample photo stands in.
        #expect(await previews.preview(of: profile, candidates: [broken]) != nil)
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

/// The lines a logger was given, with their metadata, for checking what was logged.
final class LinesCapture: LogHandler, Sendable {
    private let lines = Mutex<[String]>([])
    var messages: [String] { lines.withLock { $0 } }
    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }
    var logLevel: Logger.Level {
        get { .trace }
        set {}
    }
    subscript(metadataKey _: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }
    func log(event: LogEvent) {
        let fields = (event.metadata ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        lines.withLock { $0.append("\(event.message) \(fields)") }
    }
}
