import Foundation
import ImageCodecs
import ImagePixels
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
    /// that is still readable, else on the sample photo. Nil only if even that fails.
    public func preview(of profile: LightingProfile, candidates: [String]) async -> Data? {
        let photo = Self.photo(from: candidates)
        let cached = (folder as NSString).appendingPathComponent("\(profile.name)-\(profile.fingerprint)-\(photo.key).jpg")
        let folder = self.folder
        let renderer = self.renderer
        return try? await BlockingIO.run {
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

    /// Which photo a preview uses: the first candidate that still exists as a file, keyed by its
    /// path, size and modification time; otherwise the sample photo.
    static func photo(from candidates: [String]) -> Photo {
        for path in candidates {
            guard let attributes = try? PathBytes(path).attributes(), attributes.isRegularFile else { continue }
            let identity = "\(path)|\(attributes.size)|\(attributes.modified)"
            return Photo(path: path, key: String(ContentHash.sha256(of: Data(identity.utf8)).prefix(12)))
        }
        return Photo(path: nil, key: "sample")
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
