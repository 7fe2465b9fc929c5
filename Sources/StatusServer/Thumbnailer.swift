import Foundation
import ImageCodecs
import ImagePixels
import RelightConfig
import RelightPipeline

/// Small JPEG previews of sources and outputs for the dashboard, made with the codecs and cached
/// under `state_dir/thumbnails`. Decoding runs off the cooperative pool.
public struct Thumbnailer: Sendable {
    public enum Side: String, Sendable {
        case before, after
    }

    public let folder: String
    /// The longest side of a thumbnail, in pixels.
    public let size: Int

    public init(stateDirectory: String, size: Int = 240) {
        folder = (stateDirectory as NSString).appendingPathComponent("thumbnails")
        self.size = size
    }

    /// The JPEG bytes of the thumbnail, from the cache or made now; nil when the image is gone or unreadable.
    public func thumbnail(of item: JournalItem, side: Side) async -> Data? {
        let source: String
        let key: String
        switch side {
        case .before:
            source = item.sourcePath
            key = "source-\(item.sourceSHA256)"
        case .after:
            guard item.state == .done, let output = item.outputs.first else { return nil }
            source = output
            key = "output-\(item.id ?? 0)-\(Int(item.finishedAt?.timeIntervalSince1970 ?? 0))"
        }
        let cached = (folder as NSString).appendingPathComponent("\(key).jpg")
        let size = self.size
        let folder = self.folder
        return try? await BlockingIO.run {
            if let data = FileManager.default.contents(atPath: cached) { return data }
            // By the real bytes: a source name may not be UTF-8 (see PathBytes).
            guard let bytes = try? PathBytes(source).contents() else { return nil }
            let decoded = try ImageDecoder.decode(bytes)
            let jpeg = Data(try ImageEncoder.encode(Self.shrink(decoded.pixels, to: size), as: .jpeg, quality: 80))
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try jpeg.write(to: URL(fileURLWithPath: cached), options: .atomic)
            return jpeg
        }
    }

    static func shrink(_ pixels: PixelBuffer, to size: Int) -> PixelBuffer {
        let longest = max(pixels.width, pixels.height)
        guard longest > size else { return pixels }
        let scale = Double(size) / Double(longest)
        return pixels.resized(width: max(1, Int((Double(pixels.width) * scale).rounded())), height: max(1, Int((Double(pixels.height) * scale).rounded())))
    }
}
