import Foundation
import RelightConfig

/// Fills in a watch entry's `output` and `naming` templates for one source and profile.
public struct OutputNaming: Sendable {
    public var entry: WatchEntry
    public var profile: String
    /// The source file, absolute.
    public var source: String
    public var date: Date
    public var model: String

    public init(entry: WatchEntry, profile: String, source: String, date: Date = Date(), model: String) {
        self.entry = entry
        self.profile = profile
        self.source = source
        self.date = date
        self.model = model
    }

    /// `2026-11-25`, in local time.
    public var dateText: String {
        let components = Calendar.current.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", components.year ?? 0, components.month ?? 0, components.day ?? 0)
    }

    /// The source's folder below the watched folder (below the profile folder for `by-subfolder`).
    public var subdirectory: String {
        let folder = (source as NSString).deletingLastPathComponent
        guard PathRules.isInside(folder, entry.path), folder != entry.path else { return "" }
        var parts = folder.dropFirst(entry.path.count + 1).split(separator: "/").map(String.init)
        if entry.profiles == .bySubfolder, parts.first == profile { parts.removeFirst() }
        return PathBytes.readable(parts.joined(separator: "/"))
    }

    /// The output folder, with `{profile}`, `{date}` and `{subdir}` filled in.
    public var folder: String {
        let filled = entry.output
            .replacingOccurrences(of: "{profile}", with: profile)
            .replacingOccurrences(of: "{date}", with: dateText)
            .replacingOccurrences(of: "{subdir}", with: subdirectory)
        return (filled as NSString).standardizingPath
    }

    /// The source's name without its extension, as valid UTF-8: bytes of a name that is not UTF-8
    /// are read as Windows-1252, so `caf\xE9.jpg` gives `café` (see ``PathBytes/readable``).
    public var stem: String { PathBytes.readable(((source as NSString).lastPathComponent as NSString).deletingPathExtension) }

    /// The file name for output `index` (1-based).
    public func fileName(index: Int, format: OutputFormat, seed: Int?) -> String {
        entry.naming
            .replacingOccurrences(of: "{stem}", with: stem)
            .replacingOccurrences(of: "{ext}", with: format.fileExtension)
            .replacingOccurrences(of: "{profile}", with: profile)
            .replacingOccurrences(of: "{index}", with: String(index))
            .replacingOccurrences(of: "{date}", with: dateText)
            .replacingOccurrences(of: "{seed}", with: seed.map(String.init) ?? "none")
            .replacingOccurrences(of: "{model}", with: model)
    }

    /// `{stem}_{profile}.relight.json`.
    public var sidecarName: String { "\(stem)_\(profile).relight.json" }

    /// `{stem}_{profile}.error.json`.
    public var errorName: String { "\(stem)_\(profile).error.json" }
}
