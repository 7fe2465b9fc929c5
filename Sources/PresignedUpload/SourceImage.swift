import Crypto
import NIOCore
import NIOFileSystem
import RelightConfig

/// What the upload step needs to know about a local photo, read by streaming it (never whole into memory).
public struct SourceImage: Sendable, Hashable {
    public var path: String
    public var size: Int64
    public var kind: ImageKind
    /// Lower-case hex SHA-256 of the content.
    public var sha256: String

    /// Chunk size for hashing and uploading: large enough for throughput, small enough to keep RSS flat.
    static let chunkLength = ByteCount.kibibytes(256)

    /// Reads `path` once in chunks: its size, its kind from the magic bytes, and its SHA-256
    /// (skipped when the caller already has it).
    public static func inspect(path: String, knownSHA256: String? = nil) async throws(UploadError) -> SourceImage {
        do {
            return try await FileSystem.shared.withFileHandle(forReadingAt: Self.filePath(path)) { handle in
                let size = try await handle.info().size
                var hasher = SHA256()
                var head: [UInt8] = []
                let range: Range<Int64> = knownSHA256 == nil ? 0..<size : 0..<min(size, Int64(ImageKind.headerLength))
                for try await chunk in handle.readChunks(in: range, chunkLength: chunkLength) {
                    if head.count < ImageKind.headerLength {
                        head += chunk.readableBytesView.prefix(ImageKind.headerLength - head.count)
                    }
                    if knownSHA256 == nil {
                        chunk.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
                    }
                }
                guard let kind = ImageKind.sniff(head) else {
                    throw UploadError(.unreadableFile, "\(PathBytes.display(path)) is not a JPEG, PNG or WebP image, so it cannot be sent to the cloud API.")
                }
                let digest = knownSHA256 ?? SigV4Encoding.hex(hasher.finalize())
                return SourceImage(path: path, size: size, kind: kind, sha256: digest)
            }
        } catch let error as UploadError {
            throw error
        } catch {
            // NIO's error repeats the path: show the whole message with the name's bytes escaped.
            throw UploadError(.unreadableFile, PathBytes.display("Cannot read \(path): \(error). Check that the file exists and is readable."))
        }
    }

    /// The path as the file system knows it: its real bytes, which may not be UTF-8 (see ``PathBytes``).
    static func filePath(_ path: String) -> FilePath {
        PathBytes(path).withCString { FilePath(platformString: $0) }
    }

    /// An object name nobody can guess or trace back to the photo: the content hash plus 128 random bits.
    /// The original file name never appears.
    public func objectName() -> String {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return "\(sha256)-\(SigV4Encoding.hex(random)).\(kind.fileExtension)"
    }
}
