import Foundation
import Yams

/// One YAML file composed into a node tree, keeping the marks that let errors say `file:line:column`.
struct YAMLDocument {
    let file: String
    let root: Node

    /// Reads and composes `file`. Empty files, malformed YAML and tabs become ``ConfigError``s.
    init(contentsOf file: String) throws(ConfigError) {
        guard FileManager.default.fileExists(atPath: file) else {
            throw ConfigError(.fileNotFound, "file not found", at: SourceLocation(file: file))
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ConfigError(.unreadable, "cannot read the file; check its permissions", at: SourceLocation(file: file))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(.malformedYAML, "the file is not UTF-8 text", at: SourceLocation(file: file, line: 1, column: 1))
        }
        try self.init(text: text, file: file)
    }

    init(text: String, file: String) throws(ConfigError) {
        self.file = file
        let composed: Node?
        do {
            composed = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Self.diagnose(error, text: text, file: file)
        } catch {
            throw ConfigError(.malformedYAML, "cannot parse YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1))
        }
        guard let composed, !Self.isNull(composed) else {
            throw ConfigError(.emptyFile, "the file is empty; expected a mapping of keys to values", at: SourceLocation(file: file, line: 1, column: 1))
        }
        self.root = composed
    }

    func location(of node: Node) -> SourceLocation {
        guard let mark = node.mark else { return SourceLocation(file: file) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    static func isNull(_ node: Node) -> Bool {
        if case .scalar(let scalar) = node, scalar.style == .plain, node.tagName == .null { return true }
        return false
    }

    private static func diagnose(_ error: YamlError, text: String, file: String) -> ConfigError {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: file, line: mark.line, column: mark.column) }
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            if let tab = firstIndentationTab(in: text, nearLine: mark.line) {
                return ConfigError(
                    .malformedYAML, "a tab is used for indentation; YAML needs spaces here",
                    at: SourceLocation(file: file, line: tab.line, column: tab.column))
            }
            let contextText = context.map { " (\($0.text))" } ?? ""
            return ConfigError(.malformedYAML, "malformed YAML: \(problem)\(contextText)", at: at(mark))
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ConfigError(.malformedYAML, "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in this mapping; keep one", at: at(context.mark))
        case .reader(let problem, _, _, _):
            return ConfigError(.malformedYAML, "cannot read YAML: \(problem)", at: SourceLocation(file: file, line: 1, column: 1))
        default:
            return ConfigError(.malformedYAML, "cannot parse YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1))
        }
    }

    /// libyaml reports a tab as "found character that cannot start any token" or as a mapping
    /// problem, sometimes a line late. Point at the tab itself when one starts a nearby line.
    private static func firstIndentationTab(in text: String, nearLine lineNumber: Int) -> (line: Int, column: Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let candidates = [lineNumber, lineNumber - 1, lineNumber + 1].filter { $0 >= 1 && $0 <= lines.count }
        for number in candidates {
            let line = lines[number - 1]
            let indentation = line.prefix { $0 == " " || $0 == "\t" }
            if let tab = indentation.firstIndex(of: "\t") {
                return (number, line.distance(from: line.startIndex, to: tab) + 1)
            }
        }
        return nil
    }
}

extension Node {
    /// The resolved tag's name (`tag:yaml.org,2002:int` and so on); Yams keeps `Tag.name` internal.
    var tagName: Tag.Name { Tag.Name(rawValue: tag.description) }
}
