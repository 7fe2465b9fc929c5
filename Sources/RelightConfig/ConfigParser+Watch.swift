import Foundation
import Yams

extension ConfigParser {
    enum WatchKey {
        static let all = [
            "path", "profiles", "output", "naming", "recursive", "mode", "poll_interval", "settle", "include", "exclude",
            "after", "sidecar",
        ]
        static let outputTokens = ["profile", "date", "subdir"]
        static let namingTokens = ["stem", "ext", "profile", "index", "date", "seed", "model"]
    }

    func parseWatchEntry(_ node: Node) -> WatchEntry? {
        guard let fields = reader.fields(node, allowed: WatchKey.all, what: "a 'watch' entry") else { return nil }
        guard let path = path("path", in: fields) else {
            if !fields.has("path") {
                reader.fail(.missingKey, "each 'watch' entry needs a 'path:' naming the folder to watch", at: node)
            }
            return nil
        }
        var entry = WatchEntry(path: path, output: resolve(WatchEntry.defaultOutput), location: reader.location(of: node))
        if let profilesNode = fields["profiles"] {
            if profilesNode.scalar?.string == "by-subfolder" {
                entry.profiles = .bySubfolder
            } else if let names = reader.stringList("profiles", in: fields) {
                if names.isEmpty {
                    reader.fail(.wrongType, "'profiles' must be by-subfolder or a list of profile names; got an empty list", at: profilesNode)
                }
                entry.profiles = .list(names)
                let items: [Node] = if case .sequence(let sequence) = profilesNode { Array(sequence) } else { [profilesNode] }
                for item in items {
                    if let name = item.scalar?.string { entry.profileLocations[name] = reader.location(of: item) }
                }
            }
        }
        if let output = template("output", in: fields, tokens: WatchKey.outputTokens) {
            entry.output = resolve(output)
        }
        if let naming = template("naming", in: fields, tokens: WatchKey.namingTokens) {
            if naming.contains("/") {
                reader.fail(.wrongType, "'naming' is a file name and cannot contain '/'; put folders in 'output'", at: fields["naming"]!)
            } else {
                entry.naming = naming
            }
        }
        entry.recursive = reader.bool("recursive", in: fields) ?? entry.recursive
        entry.mode = reader.choice("mode", in: fields, as: WatchMode.self) ?? entry.mode
        entry.pollInterval = positive("poll_interval", in: fields) ?? entry.pollInterval
        entry.settle = reader.duration("settle", in: fields) ?? entry.settle
        entry.include = reader.stringList("include", in: fields) ?? []
        entry.exclude = reader.stringList("exclude", in: fields) ?? []
        if let afterNode = fields["after"], let after = reader.string("after", in: fields) {
            switch after {
            case "keep": entry.after = .keep
            case "delete": entry.after = .delete
            case let move where move.hasPrefix("move:") && move.count > 5:
                entry.after = .move(resolve(String(move.dropFirst(5)).trimmingCharacters(in: .whitespaces)))
            default:
                let hint = DidYouMean.hint(for: after, among: ["keep", "delete", "move:FOLDER"])
                reader.fail(.unknownValue, "'after' must be keep, delete or move:FOLDER; got \(reader.describe(afterNode))\(hint)", at: afterNode)
            }
        }
        entry.sidecar = reader.bool("sidecar", in: fields) ?? entry.sidecar
        return entry
    }

    /// A template string whose `{tokens}` are all known.
    private func template(_ field: String, in fields: Fields, tokens: [String]) -> String? {
        guard let text = reader.string(field, in: fields) else { return nil }
        var unknown: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else {
                reader.fail(.wrongType, "'\(field)' has a '{' without a closing '}'", at: fields[field]!)
                return nil
            }
            let token = String(rest[rest.index(after: open)..<close])
            if !tokens.contains(token) { unknown.append(token) }
            rest = rest[rest.index(after: close)...]
        }
        if let first = unknown.first {
            let hint = DidYouMean.hint(for: first, among: tokens)
            reader.fail(
                .unknownValue,
                "'\(field)' uses unknown token {\(first)}; known tokens are \(tokens.map { "{\($0)}" }.joined(separator: " "))\(hint)",
                at: fields[field]!)
            return nil
        }
        guard !text.isEmpty else {
            reader.fail(.wrongType, "'\(field)' must not be empty", at: fields[field]!)
            return nil
        }
        return text
    }
}
