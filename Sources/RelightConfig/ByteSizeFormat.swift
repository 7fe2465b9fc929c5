import Foundation

/// Sizes as written in relight.yaml: `512KB`, `200MB`, `2GB` (powers of 1024), or a plain byte count.
public enum ByteSizeFormat {
    /// Parses `text`, or returns `nil` when it is not a size.
    public static func parse(_ text: String) -> Int64? {
        let text = text.trimmingCharacters(in: .whitespaces)
        let number = text.prefix { $0.isNumber || $0 == "." }
        guard !number.isEmpty, let value = Double(number), value >= 0 else { return nil }
        let unit = text.dropFirst(number.count).trimmingCharacters(in: .whitespaces).uppercased()
        let multiplier: Double
        switch unit {
        case "", "B": multiplier = 1
        case "KB", "KIB", "K": multiplier = 1024
        case "MB", "MIB", "M": multiplier = 1024 * 1024
        case "GB", "GIB", "G": multiplier = 1024 * 1024 * 1024
        case "TB", "TIB", "T": multiplier = 1024 * 1024 * 1024 * 1024
        default: return nil
        }
        let bytes = value * multiplier
        guard bytes < Double(Int64.max) else { return nil }
        return Int64(bytes.rounded())
    }

    /// A readable form: `200MB`, `512KB`, `1.5GB`.
    public static func format(_ bytes: Int64) -> String {
        let units: [(String, Int64)] = [("TB", 1 << 40), ("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)]
        for (name, size) in units where bytes >= size {
            let value = Double(bytes) / Double(size)
            return value == value.rounded() ? "\(Int64(value))\(name)" : "\((value * 10).rounded() / 10)\(name)"
        }
        return "\(bytes)B"
    }
}
