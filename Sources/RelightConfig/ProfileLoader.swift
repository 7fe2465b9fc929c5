import Foundation
import Yams

/// Loads one `profiles/NAME.yaml` into a fully resolved ``LightingProfile``.
public enum ProfileLoader {
    /// The result of loading one profile file: the profile, or every error in it, plus warnings.
    public struct Outcome: Sendable {
        public var profile: LightingProfile?
        public var errors: [ConfigError]
        public var notes: [ConfigNote]
    }

    /// Whether `name` is a valid profile name: lower-case letters, digits and `-`, starting with a letter or digit.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.unicodeScalars.count <= 64 else { return false }
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789-")
        return first != "-" && name.unicodeScalars.allSatisfy { allowed.contains($0) }
    }

    /// Loads `file`; the profile's name is the file's stem.
    public static func load(file: String) -> Outcome {
        let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        guard isValidName(name) else {
            let error = ConfigError(
                .invalidName,
                "profile name '\(name)' is not allowed; rename the file using lower-case letters, digits and '-' (for example golden-hour.yaml)",
                at: SourceLocation(file: file))
            return Outcome(profile: nil, errors: [error], notes: [])
        }
        let document: YAMLDocument
        do {
            document = try YAMLDocument(contentsOf: file)
        } catch {
            return Outcome(profile: nil, errors: [error], notes: [])
        }
        let reader = NodeReader(document)
        let profile = parse(document.root, name: name, reader: reader)
        return Outcome(profile: reader.errors.isEmpty ? profile : nil, errors: reader.errors, notes: reader.notes)
    }

    /// Parses a profile from YAML text, for tests and for callers that already hold the text.
    public static func load(text: String, name: String, file: String = "<profile>") -> Outcome {
        do {
            let document = try YAMLDocument(text: text, file: file)
            let reader = NodeReader(document)
            let profile = parse(document.root, name: name, reader: reader)
            return Outcome(profile: reader.errors.isEmpty ? profile : nil, errors: reader.errors, notes: reader.notes)
        } catch {
            return Outcome(profile: nil, errors: [error], notes: [])
        }
    }

    private typealias Key = LightingProfile.ParameterName
    private typealias Ranges = LightingProfile.Ranges

    static func parse(_ root: Node, name: String, reader: NodeReader) -> LightingProfile? {
        guard let fields = reader.fields(root, allowed: Key.all, what: "profile '\(name)'") else { return nil }
        guard let prompt = reader.string(Key.prompt, in: fields) else {
            if !fields.has(Key.prompt) {
                reader.fail(.missingKey, "profile '\(name)' needs a 'prompt:' describing the light, for example 'golden hour sunlight'", at: root)
            }
            return nil
        }
        var profile = LightingProfile(name: name, prompt: prompt)
        profile.description = reader.string(Key.description, in: fields) ?? ""
        profile.modelType = reader.choice(Key.modelType, in: fields, as: ModelType.self) ?? .magicLighting
        profile.lightSource = reader.string(Key.lightSource, in: fields)
        profile.negativePrompt = reader.string(Key.negativePrompt, in: fields)
        profile.appendedPrompt = reader.string(Key.appendedPrompt, in: fields) ?? profile.appendedPrompt
        profile.numberOfImages = reader.int(Key.numberOfImages, in: fields, range: Ranges.numberOfImages) ?? profile.numberOfImages
        profile.aspectRatio = reader.choice(Key.aspectRatio, in: fields, as: AspectRatio.self) ?? profile.aspectRatio
        profile.steps = reader.int(Key.steps, in: fields, range: Ranges.steps) ?? profile.steps
        profile.cfg = reader.double(Key.cfg, in: fields, range: Ranges.cfg) ?? profile.cfg
        profile.highresScale = reader.double(Key.highresScale, in: fields, range: Ranges.highresScale) ?? profile.highresScale
        profile.highresDenoise = reader.double(Key.highresDenoise, in: fields, range: Ranges.denoise) ?? profile.highresDenoise
        profile.lowresDenoise = reader.double(Key.lowresDenoise, in: fields, range: Ranges.denoise) ?? profile.lowresDenoise
        profile.outputFormat = reader.choice(Key.outputFormat, in: fields, as: OutputFormat.self) ?? profile.outputFormat
        profile.outputQuality = reader.int(Key.outputQuality, in: fields, range: Ranges.outputQuality) ?? profile.outputQuality
        profile.seed = reader.int(Key.seed, in: fields, range: Ranges.seed)
        profile.deliver = reader.choice(Key.deliver, in: fields, as: DeliverMode.self) ?? profile.deliver
        readSize(fields, into: &profile, reader: reader)
        if let extra = fields[Key.extra] {
            profile.extra = readExtra(extra, reader: reader)
        }
        if profile.modelType != .magicLighting {
            for key in Key.magicLightingOnly where fields.has(key) {
                reader.warn(
                    "'\(key)' is only used by model_type magic-lighting; \(profile.modelType.rawValue) ignores it",
                    at: fields.key(key) ?? root)
            }
        }
        return profile
    }

    /// `size: WxH` is shorthand for width and height; giving both forms is a conflict.
    private static func readSize(_ fields: Fields, into profile: inout LightingProfile, reader: NodeReader) {
        if let sizeNode = fields[Key.size] {
            if fields.has(Key.width) || fields.has(Key.height) {
                reader.fail(.wrongType, "give either 'size' or 'width'/'height', not both", at: fields.key(Key.size) ?? sizeNode)
                return
            }
            guard let (width, height) = parseSize(sizeNode.scalar?.string ?? "") else {
                reader.fail(
                    .wrongType,
                    "'size' must be WIDTHxHEIGHT with each side from \(Ranges.dimension.lowerBound) to \(Ranges.dimension.upperBound), such as 1024x768; got \(reader.describe(sizeNode))",
                    at: sizeNode)
                return
            }
            profile.width = width
            profile.height = height
            return
        }
        profile.width = reader.int(Key.width, in: fields, range: Ranges.dimension) ?? profile.width
        profile.height = reader.int(Key.height, in: fields, range: Ranges.dimension) ?? profile.height
    }

    /// Parses `1024x768` (also with `×` or spaces); `nil` unless both sides are in range.
    static func parseSize(_ text: String) -> (Int, Int)? {
        let parts = text.lowercased().replacingOccurrences(of: "×", with: "x").split(separator: "x")
        guard parts.count == 2,
            let width = Int(parts[0].trimmingCharacters(in: .whitespaces)),
            let height = Int(parts[1].trimmingCharacters(in: .whitespaces)),
            Ranges.dimension.contains(width), Ranges.dimension.contains(height)
        else { return nil }
        return (width, height)
    }

    private static func readExtra(_ node: Node, reader: NodeReader) -> [String: JSONValue] {
        guard case .mapping(let mapping) = node else {
            reader.fail(.wrongType, "'extra' must be a mapping of API parameter names to values; got \(reader.describe(node))", at: node)
            return [:]
        }
        var values: [String: JSONValue] = [:]
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                reader.fail(.wrongType, "keys in 'extra' must be parameter names", at: key)
                continue
            }
            values[name] = json(value)
        }
        return values
    }

    /// Converts a YAML node to the JSON value the API will receive, keeping scalar types.
    static func json(_ node: Node) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            switch node.tagName {
            case .null: return .null
            case .bool: return node.bool.map(JSONValue.bool) ?? .string(scalar.string)
            case .int: return node.int.map(JSONValue.int) ?? .string(scalar.string)
            case .float: return node.float.map(JSONValue.double) ?? .string(scalar.string)
            default: return .string(scalar.string)
            }
        case .sequence(let sequence): return .array(sequence.map(json))
        case .mapping(let mapping):
            var object: [String: JSONValue] = [:]
            for (key, value) in mapping { object[key.scalar?.string ?? ""] = json(value) }
            return .object(object)
        case .alias: return .null
        }
    }
}
