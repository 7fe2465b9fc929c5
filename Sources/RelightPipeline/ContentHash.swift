import Crypto
import Foundation
import RelightConfig

/// Streaming SHA-256 of a file's content, the key the journal deduplicates on.
public enum ContentHash {
    /// Lower-case hex SHA-256 of the file at `path`, read in 1 MiB chunks (never whole). The path
    /// may carry bytes that are not UTF-8 (see ``PathBytes``): the file is opened by its real bytes.
    public static func sha256(ofFile path: String) throws(PathBytes.FileError) -> String {
        var hasher = SHA256()
        try PathBytes(path).forEachChunk { hasher.update(bufferPointer: $0) }
        return hex(hasher.finalize())
    }

    public static func sha256(of data: Data) -> String { hex(SHA256.hash(data: data)) }

    static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }
}
