import RelightConfig

/// Strict checking of a run request, as the real service's parameter table describes it:
/// every name known, every value of the documented JSON type and within range.
enum ParameterValidator {
    struct Invalid: Error, Sendable {
        let message: String
    }

    typealias Name = LightingProfile.ParameterName
    typealias Ranges = LightingProfile.Ranges

    static let subjectImage = "subject_image"
    static let webhookURL = "webhook_url"

    /// Every name a run request may carry.
    static let known: Set<String> = [
        subjectImage, webhookURL, Name.modelType, Name.prompt, Name.lightSource, Name.negativePrompt, Name.appendedPrompt,
        Name.numberOfImages, Name.aspectRatio, Name.width, Name.height, Name.steps, Name.cfg, Name.highresScale,
        Name.highresDenoise, Name.lowresDenoise, Name.outputFormat, Name.outputQuality, Name.seed,
    ]

    /// The profile the engine gets, and the subject image URL to fetch.
    static func validate(_ body: [String: JSONValue]) throws(Invalid) -> (profile: LightingProfile, subjectImage: String) {
        for key in body.keys.sorted() where !known.contains(key) {
            throw Invalid(message: "Unknown parameter '\(key)'" + (suggestion(for: key).map { "; did you mean '\($0)'?" } ?? "."))
        }
        let subject = try string(body, subjectImage, required: true)!
        let lower = subject.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
            throw Invalid(message: "'subject_image' must be an http(s) URL of the image.")
        }
        guard let prompt = try string(body, Name.prompt, required: true), !prompt.isEmpty else {
            throw Invalid(message: "'prompt' must not be empty.")
        }
        var profile = LightingProfile(name: "sandbox", prompt: prompt)
        if let value = try string(body, Name.modelType) {
            guard let model = ModelType(rawValue: value) else {
                throw Invalid(message: "'model_type' must be one of \(ModelType.allCases.map(\.rawValue).joined(separator: ", ")), not '\(value)'.")
            }
            profile.modelType = model
        }
        profile.lightSource = try string(body, Name.lightSource)
        profile.negativePrompt = try string(body, Name.negativePrompt)
        if let value = try string(body, Name.appendedPrompt) { profile.appendedPrompt = value }
        if let value = try int(body, Name.numberOfImages, in: Ranges.numberOfImages) { profile.numberOfImages = value }
        if let value = try string(body, Name.aspectRatio) {
            guard let ratio = AspectRatio(rawValue: value) else {
                throw Invalid(message: "'aspectRatio' must be one of \(AspectRatio.allCases.map(\.rawValue).joined(separator: ", ")), not '\(value)'.")
            }
            profile.aspectRatio = ratio
        }
        if let value = try dimension(body, Name.width) { profile.width = value }
        if let value = try dimension(body, Name.height) { profile.height = value }
        if let value = try int(body, Name.steps, in: Ranges.steps) { profile.steps = value }
        if let value = try number(body, Name.cfg, in: Ranges.cfg) { profile.cfg = value }
        if let value = try number(body, Name.highresScale, in: Ranges.highresScale) { profile.highresScale = value }
        if let value = try number(body, Name.highresDenoise, in: Ranges.denoise) { profile.highresDenoise = value }
        if let value = try number(body, Name.lowresDenoise, in: Ranges.denoise) { profile.lowresDenoise = value }
        if let value = try string(body, Name.outputFormat) {
            guard let format = OutputFormat(rawValue: value) else {
                throw Invalid(message: "'output_format' must be one of png, jpg, webp, not '\(value)'.")
            }
            profile.outputFormat = format
        }
        if let value = try int(body, Name.outputQuality, in: Ranges.outputQuality) { profile.outputQuality = value }
        profile.seed = try int(body, Name.seed, in: Ranges.seed)
        _ = try string(body, webhookURL)
        return (profile, subject)
    }

    static func string(_ body: [String: JSONValue], _ key: String, required: Bool = false) throws(Invalid) -> String? {
        switch body[key] {
        case nil, .null?:
            if required { throw Invalid(message: "'\(key)' is required.") }
            return nil
        case .string(let value)?:
            return value
        default:
            throw Invalid(message: "'\(key)' must be a string.")
        }
    }

    static func int(_ body: [String: JSONValue], _ key: String, in range: ClosedRange<Int>) throws(Invalid) -> Int? {
        switch body[key] {
        case nil, .null?:
            return nil
        case .int(let value)?:
            guard range.contains(value) else { throw Invalid(message: "'\(key)' must be between \(range.lowerBound) and \(range.upperBound), not \(value).") }
            return value
        default:
            throw Invalid(message: "'\(key)' must be an integer.")
        }
    }

    static func number(_ body: [String: JSONValue], _ key: String, in range: ClosedRange<Double>) throws(Invalid) -> Double? {
        let value: Double
        switch body[key] {
        case nil, .null?: return nil
        case .int(let number)?: value = Double(number)
        case .double(let number)?: value = number
        default: throw Invalid(message: "'\(key)' must be a number.")
        }
        guard range.contains(value) else { throw Invalid(message: "'\(key)' must be between \(range.lowerBound) and \(range.upperBound), not \(value).") }
        return value
    }

    /// Width and height are strings holding a number of pixels, as the parameter table documents.
    static func dimension(_ body: [String: JSONValue], _ key: String) throws(Invalid) -> Int? {
        switch body[key] {
        case nil, .null?:
            return nil
        case .string(let text)?:
            guard let value = Int(text), Ranges.dimension.contains(value) else {
                throw Invalid(message: "'\(key)' must be a whole number of pixels between \(Ranges.dimension.lowerBound) and \(Ranges.dimension.upperBound), written as a string; got '\(text)'.")
            }
            return value
        default:
            throw Invalid(message: "'\(key)' must be a string such as \"1024\" (the API takes width and height as strings).")
        }
    }

    /// The known name that differs only in case and underscores (`aspect_ratio` → `aspectRatio`).
    static func suggestion(for key: String) -> String? {
        func fold(_ text: String) -> String { text.lowercased().filter { $0 != "_" && $0 != "-" } }
        return known.first { fold($0) == fold(key) }
    }
}
