import Foundation
import Testing

/// The profile gallery of a running daemon follows profile edits: a new preview for a changed
/// look, on a photo from the profile's own folder once there is one.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct GalleryReloadTests {
    @Test func anEditedProfileGetsANewPreviewOnItsOwnPhoto() async throws {
        let port = StatusHTTP.freePort()
        let base = "http://127.0.0.1:\(port)"
        let studio = try Studio.withStatus(port: port)
        let daemon = try DaemonProcess(config: studio.config)
        try await daemon.waitUntilReady()
        try await eventually("the server") { (try? await StatusHTTP.get("\(base)/healthz"))?.status == 200 }

        let first = try await Self.previewURL(base, "golden-hour")
        let sample = try await StatusHTTP.get(base + first)
        #expect(sample.status == 200 && sample.headers["content-type"] == "image/jpeg" && sample.body.prefix(3) == Data([0xFF, 0xD8, 0xFF]))
        #expect(studio.files(".relight/previews").filter { $0.hasPrefix("golden-hour-") && $0.hasSuffix("-sample.jpg") }.count == 1)

        // A photo relit in the profile's folder becomes its preview photo.
        try studio.drop("coffee.png", as: "inbox/golden-hour/coffee.png")
        try await daemon.waitFor("the output") { studio.exists("relit/golden-hour/coffee_golden-hour.relight.json") }
        let own = try await StatusHTTP.get(base + first)
        #expect(own.status == 200 && own.body != sample.body, "the preview is now of the folder's own photo")

        // Editing the look renders a new preview (its URL carries the new fingerprint); the old one is removed.
        try studio.write("profiles/golden-hour.yaml", "description: warm\nprompt: blue hour twilight\nlight_source: Right Light\nsize: 256x256\nseed: 5\n")
        var edited = first
        try await eventually("the gallery to show the edited profile") {
            edited = (try? await Self.previewURL(base, "golden-hour")) ?? first
            return edited != first
        }
        let changed = try await StatusHTTP.get(base + edited)
        #expect(changed.status == 200 && changed.body != own.body)
        #expect(studio.files(".relight/previews").filter { $0.hasPrefix("golden-hour-") }.count == 1)
        #expect(try await StatusHTTP.get("\(base)/profiles/no-such-profile/preview").status == 404)
        #expect(try await daemon.stop() == 0)
    }

    /// The preview URL the gallery shows for a profile (it carries the profile's fingerprint).
    static func previewURL(_ base: String, _ profile: String) async throws -> String {
        let page = try await StatusHTTP.get("\(base)/profiles").text
        guard let range = page.range(of: #"/profiles/\#(profile)/preview\?v=[0-9a-f]+"#, options: .regularExpression) else {
            throw CancellationError()
        }
        return String(page[range])
    }
}
