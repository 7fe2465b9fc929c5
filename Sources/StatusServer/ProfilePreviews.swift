import Foundation
import ImageCodecs
import ImagePixels
import Logging
import RelightConfig
import RelightPipeline
import Relighting

/// The profile gallery's previews: each profile on a recent photo from one of its folders (or the
/// built-in sample photo), rendered by the local engine at a reduced size and cached as JPEG under
/// `state_dir/previews`.
///
/// The cache key holds the profile's fingerprint and the photo's path, size and time, so editing a
/// profile (or a new photo arriving) renders a new preview, and rewording its description does not.
public struct ProfilePreviews: Sendable {
    public let folder: String
    public let renderer: PreviewRenderer

    public init(stateDirectory: String, size: Int = 480) {
        folder = (stateDirectory as NSString).appendingPathComponent("previews")
        renderer = PreviewRenderer(size: size)
    }

    /// A photo a preview can be rendered on, with the key that identifies its current content.
    struct Photo: Sendable {
        var path: String?
        var key: String
    }

    /// The JPEG preview of `profile`, from the cache or rendered now, on the first of `candidates`
    /// that is still readable, else on the sample photo. A candidate that cannot be decoded (a
    /// corrupt file, one replaced by something else) is passed over with a line in `logger`. Nil only
    /// if even the sample photo fails.
    public func preview(of profile: LightingProfile, candidates: [String], logger: Logger? = nil) async -> Data? {
        for photo in Self.photos(from: candidates) + [Photo(path: nil, key: "sample")] {
            do {
                return try await render(profile, on: photo)
            } catch {
                logger?.warning(
                    "the gallery cannot preview a profile on this photo; it uses the next one", metadata: [
                        "profile": "\(profile.name)", "photo.path": "\(photo.path.map(PathBytes.display) ?? "the sample photo")",
                        "error": "\(error)",
                    ])
            }
        }
        return nil
    }

    /// `profile`'s preview on `photo`, from the cache or rendered now.
    private func render(_ profile: LightingProfile, on photo: Photo) async throws -> Data {
        let cached = (folder as NSString).appendingPathComponent("\(profile.name)-\(profile.fingerprint)-\(photo.key).jpg")
        let folder = self.folder
        let renderer = self.renderer
        return try await BlockingIO.run {
            if let data = FileManager.default.contents(atPath: cached) { return data }
            let bytes = try photo.path.map { try PathBytes($0).contents() } ?? SamplePhoto.jpeg
            let image = renderer.render(try renderer.source(from: bytes), profile: profile)
            let jpeg = Data(try ImageEncoder.encode(image.layout == .rgba ? image.flattened() : image, as: .jpeg, quality: 85))
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Self.removeStale(profile: profile.name, in: folder)
            try jpeg.write(to: URL(fileURLWithPath: cached), options: .atomic)
            return jpeg
        }
    }

    /// The photos a preview may use, in order: each candidate that still exists as a file, keyed by
    /// its path, size and modification time.
    static func photos(from candidates: [String]) -> [Photo] {
        candidates.compactMap { path in
            guard let attributes = try? PathBytes(path).attributes(), attributes.isRegularFile else { return nil }
            let identity = "\(path)|\(attributes.size)|\(attributes.modified)"
            return Photo(path: path, key: String(ContentHash.sha256(of: Data(identity.utf8)).prefix(12)))
        }
    }

    /// Removes earlier previews of a profile, so the cache holds one per profile and photo at most.
    private static func removeStale(profile: String, in folder: String) throws {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for file in files where file.hasPrefix("\(profile)-") && file.hasSuffix(".jpg") {
            // A longer profile name can share the prefix ("neon" and "neon-night"): the rest is two fields.
            let rest = file.dropFirst(profile.count + 1).dropLast(4)
            guard rest.split(separator: "-").count == 2 else { continue }
            try? FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(file))
        }
    }
}
