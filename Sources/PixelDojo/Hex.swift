import Foundation

/// Lower-case hex of bytes: digests in job ids, idempotency keys and file names.
enum Hex {
    static func string<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
