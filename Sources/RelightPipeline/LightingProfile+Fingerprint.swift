import Foundation
import RelightConfig

extension LightingProfile {
    /// A stable hash of everything that changes the result: the model and every API parameter.
    ///
    /// The description does not count, so rewording it does not reprocess a shoot; changing the
    /// prompt or the seed does.
    public var fingerprint: String {
        var parameters = apiParameters
        parameters["model_type"] = .string(modelType.rawValue)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(parameters)) ?? Data()
        return String(ContentHash.sha256(of: data).prefix(16))
    }
}
