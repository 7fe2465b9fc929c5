import Foundation
import RelightConfig

extension LightingProfile {
    /// A stable hash of everything that changes the result: the model, every API parameter and
    /// what is delivered. `deliver: source`, the default, leaves the hash as it was before the key
    /// existed, so an upgrade does not make every journaled photo look like new work.
    ///
    /// The delivered format counts where the API is asked for another (TIFF is asked as PNG):
    /// otherwise a TIFF profile and its PNG twin would share items, and one would be handed the
    /// other's files.
    ///
    /// The description does not count, so rewording it does not reprocess a shoot; changing the
    /// prompt or the seed does.
    public var fingerprint: String {
        var parameters = apiParameters
        parameters["model_type"] = .string(modelType.rawValue)
        if deliver != .source { parameters["deliver"] = .string(deliver.rawValue) }
        if outputFormat.apiValue != outputFormat.rawValue { parameters["delivered_format"] = .string(outputFormat.rawValue) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(parameters)) ?? Data()
        return String(ContentHash.sha256(of: data).prefix(16))
    }
}
