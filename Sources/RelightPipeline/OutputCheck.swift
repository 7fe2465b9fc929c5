import Foundation
import ImageCodecs

/// Checks on output files that already exist: whether one can be reused instead of relit, and
/// whether a file about to be written is already there with the same bytes.
enum OutputCheck {
    /// The file exists and decodes completely (a truncated or overwritten output does not).
    static func isIntact(_ path: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else { return false }
        return (try? ImageDecoder.decode([UInt8](data))) != nil
    }

    /// `path` holds exactly `data`: writing it again would only make a ` (2)` copy.
    static func holds(_ path: String, _ data: Data) -> Bool {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            (attributes[.size] as? NSNumber)?.intValue == data.count
        else { return false }
        return FileManager.default.contents(atPath: path) == data
    }
}
