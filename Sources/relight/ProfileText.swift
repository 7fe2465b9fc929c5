import Foundation
import RelightConfig

/// A resolved profile written back as YAML, in the API's parameter names.
struct ProfileText {
    let profile: LightingProfile

    init(_ profile: LightingProfile) {
        self.profile = profile
    }

    var yaml: String {
        typealias Key = LightingProfile.ParameterName
        var lines = ["# \(profile.name)"]
        func add(_ key: String, _ value: String) { lines.append("\(key): \(value)") }
        add(Key.description, quoted(profile.description))
        add(Key.modelType, profile.modelType.rawValue)
        add(Key.prompt, quoted(profile.prompt))
        add(Key.lightSource, profile.lightSource.map(quoted) ?? "None")
        add(Key.negativePrompt, quoted(profile.negativePrompt ?? ""))
        add(Key.appendedPrompt, quoted(profile.appendedPrompt))
        add(Key.numberOfImages, String(profile.numberOfImages))
        add(Key.aspectRatio, quoted(profile.aspectRatio.rawValue))
        add(Key.width, String(profile.width))
        add(Key.height, String(profile.height))
        add(Key.steps, String(profile.steps))
        add(Key.cfg, number(profile.cfg))
        add(Key.highresScale, number(profile.highresScale))
        add(Key.highresDenoise, number(profile.highresDenoise))
        add(Key.lowresDenoise, number(profile.lowresDenoise))
        add(Key.outputFormat, profile.outputFormat.rawValue)
        add(Key.outputQuality, String(profile.outputQuality))
        add(Key.deliver, profile.deliver.rawValue + (profile.deliver == .source ? "  # full frame at the source's size" : "  # the provider's crop and size"))
        add(Key.seed, profile.seed.map(String.init) ?? "random  # none set")
        if profile.extra.isEmpty {
            add(Key.extra, "{}")
        } else {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let json = (try? encoder.encode(profile.extra)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
            add(Key.extra, json)
        }
        return lines.joined(separator: "\n")
    }

    private func quoted(_ text: String) -> String {
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(escaped)\""
    }

    private func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
