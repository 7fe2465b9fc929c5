import Yams

/// Reads typed values out of a YAML node tree and collects every problem with its location,
/// so one run of `relight validate` reports all of them.
final class NodeReader {
    let document: YAMLDocument
    private(set) var errors: [ConfigError] = []
    private(set) var notes: [ConfigNote] = []

    /// The errors in the order they appear in the file.
    var sortedErrors: [ConfigError] {
        errors.enumerated().sorted {
            ($0.element.location.line, $0.element.location.column, $0.offset) < ($1.element.location.line, $1.element.location.column, $1.offset)
        }.map(\.element)
    }

    init(_ document: YAMLDocument) {
        self.document = document
    }

    func location(of node: Node) -> SourceLocation { document.location(of: node) }

    func fail(_ code: ConfigError.Code, _ message: String, at node: Node) {
        errors.append(ConfigError(code, message, at: location(of: node)))
    }

    func warn(_ message: String, at node: Node) {
        notes.append(ConfigNote(.warning, message, at: location(of: node)))
    }

    /// The fields of a mapping. Keys outside `allowed` are reported with a did-you-mean hint.
    func fields(_ node: Node, allowed: [String], what: String) -> Fields? {
        guard case .mapping(let mapping) = node else {
            fail(.notAMapping, "\(what) must be a mapping of keys to values; got \(describe(node))", at: node)
            return nil
        }
        var entries: [String: Fields.Entry] = [:]
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                fail(.wrongType, "keys in \(what) must be plain words", at: key)
                continue
            }
            guard allowed.contains(scalar.string) else {
                let hint = DidYouMean.hint(for: scalar.string, among: allowed)
                fail(.unknownKey, "unknown key '\(scalar.string)' in \(what)\(hint)", at: key)
                continue
            }
            entries[scalar.string] = Fields.Entry(key: key, value: value)
        }
        return Fields(node: node, entries: entries)
    }

    func string(_ field: String, in fields: Fields) -> String? {
        guard let node = fields[field] else { return nil }
        guard case .scalar(let scalar) = node, !YAMLDocument.isNull(node) else {
            fail(.wrongType, "'\(field)' must be text; got \(describe(node))", at: node)
            return nil
        }
        return scalar.string
    }

    func int(_ field: String, in fields: Fields, range: ClosedRange<Int>? = nil) -> Int? {
        guard let node = fields[field] else { return nil }
        guard node.tagName == .int, let value = node.int else {
            fail(.wrongType, "'\(field)' must be a whole number\(rangeText(range)); got \(describe(node))", at: node)
            return nil
        }
        if let range, !range.contains(value) {
            fail(.outOfRange, "'\(field)' must be\(rangeText(range)); got \(value)", at: node)
            return nil
        }
        return value
    }

    func double(_ field: String, in fields: Fields, range: ClosedRange<Double>? = nil) -> Double? {
        guard let node = fields[field] else { return nil }
        guard node.tagName == .int || node.tagName == .float, let value = node.float, value.isFinite else {
            fail(.wrongType, "'\(field)' must be a number\(rangeText(range)); got \(describe(node))", at: node)
            return nil
        }
        if let range, !range.contains(value) {
            fail(.outOfRange, "'\(field)' must be\(rangeText(range)); got \(format(value))", at: node)
            return nil
        }
        return value
    }

    func bool(_ field: String, in fields: Fields) -> Bool? {
        guard let node = fields[field] else { return nil }
        guard node.tagName == .bool, let value = node.bool else {
            fail(.wrongType, "'\(field)' must be true or false; got \(describe(node))", at: node)
            return nil
        }
        return value
    }

    func duration(_ field: String, in fields: Fields) -> Duration? {
        guard let node = fields[field] else { return nil }
        guard case .scalar(let scalar) = node, let value = DurationFormat.parse(scalar.string) else {
            fail(.wrongType, "'\(field)' must be a duration such as 500ms, 2s, 15m or 1h (at most about 31 years); got \(describe(node))", at: node)
            return nil
        }
        return value
    }

    func byteSize(_ field: String, in fields: Fields) -> Int64? {
        guard let node = fields[field] else { return nil }
        guard case .scalar(let scalar) = node, let value = ByteSizeFormat.parse(scalar.string) else {
            fail(.wrongType, "'\(field)' must be a size such as 512KB, 200MB or 2GB; got \(describe(node))", at: node)
            return nil
        }
        return value
    }

    func choice<Value: RawRepresentable & CaseIterable>(_ field: String, in fields: Fields, as type: Value.Type) -> Value?
    where Value.RawValue == String {
        guard let node = fields[field] else { return nil }
        let choices = Value.allCases.map(\.rawValue)
        guard case .scalar(let scalar) = node, let value = Value(rawValue: scalar.string) else {
            let got = node.scalar?.string ?? ""
            let hint = DidYouMean.hint(for: got, among: choices)
            fail(.unknownValue, "'\(field)' must be one of \(choices.joined(separator: ", ")); got \(describe(node))\(hint)", at: node)
            return nil
        }
        return value
    }

    /// A list of strings; a single string is taken as a list of one.
    func stringList(_ field: String, in fields: Fields) -> [String]? {
        guard let node = fields[field] else { return nil }
        switch node {
        case .scalar(let scalar) where !YAMLDocument.isNull(node):
            return [scalar.string]
        case .sequence(let sequence):
            var values: [String] = []
            for item in sequence {
                guard case .scalar(let scalar) = item else {
                    fail(.wrongType, "'\(field)' must be a list of text values; got \(describe(item))", at: item)
                    continue
                }
                values.append(scalar.string)
            }
            return values
        default:
            fail(.wrongType, "'\(field)' must be a list, such as [a, b]; got \(describe(node))", at: node)
            return nil
        }
    }

    /// A short description of what a node holds, for "got ..." in messages.
    func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar):
            if YAMLDocument.isNull(node) { return "nothing" }
            let text = scalar.string.count > 40 ? String(scalar.string.prefix(40)) + "…" : scalar.string
            return scalar.style == .plain && node.tagName != .str ? text : "\"\(text)\""
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    private func rangeText<Bound: Comparable>(_ range: ClosedRange<Bound>?) -> String {
        guard let range else { return "" }
        return " from \(range.lowerBound) to \(range.upperBound)"
    }

    private func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

/// The recognised fields of one YAML mapping.
struct Fields {
    struct Entry {
        let key: Node
        let value: Node
    }

    /// The mapping itself, for messages about a missing key.
    let node: Node
    let entries: [String: Entry]

    subscript(field: String) -> Node? { entries[field]?.value }

    func key(_ field: String) -> Node? { entries[field]?.key }

    func has(_ field: String) -> Bool { entries[field] != nil }
}
