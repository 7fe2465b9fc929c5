import Foundation

/// Durations as written in relight.yaml: `500ms`, `2s`, `15m`, `1h`, or combinations such as `1h30m`.
public enum DurationFormat {
    /// The longest duration written in relight.yaml that means anything: about 31 years.
    static let longest: Double = 1e12

    /// Parses `text`, or returns `nil` when it is not a duration (or longer than ``longest`` milliseconds, which
    /// no setting needs and whose conversion to whole milliseconds would overflow and trap). A bare `0` is zero.
    public static func parse(_ text: String) -> Duration? {
        let text = text.trimmingCharacters(in: .whitespaces)
        if text == "0" { return .zero }
        var total = 0.0
        var rest = Substring(text)
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { $0.isLetter }
            guard !unit.isEmpty else { return nil }
            rest = rest.dropFirst(unit.count)
            let milliseconds: Double
            switch unit.lowercased() {
            case "ms": milliseconds = 1
            case "s", "sec": milliseconds = 1000
            case "m", "min": milliseconds = 60_000
            case "h": milliseconds = 3_600_000
            default: return nil
            }
            total += (value * milliseconds).rounded()
            guard total <= longest else { return nil }
        }
        return .milliseconds(Int64(total))
    }

    /// The shortest readable form: `500ms`, `2s`, `15m`, `1h30m`.
    public static func format(_ duration: Duration) -> String {
        let (whole, overflow) = duration.components.seconds.multipliedReportingOverflow(by: 1000)
        guard !overflow else { return "\(duration.components.seconds)s" }
        let ms = whole + duration.components.attoseconds / 1_000_000_000_000_000
        if ms == 0 { return "0s" }
        if ms % 1000 != 0 { return ms < 1000 ? "\(ms)ms" : "\(Double(ms) / 1000)s" }
        var seconds = ms / 1000
        var parts: [String] = []
        if seconds >= 3600 { parts.append("\(seconds / 3600)h"); seconds %= 3600 }
        if seconds >= 60 { parts.append("\(seconds / 60)m"); seconds %= 60 }
        if seconds > 0 { parts.append("\(seconds)s") }
        return parts.joined()
    }
}
