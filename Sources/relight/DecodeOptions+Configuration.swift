import ImageCodecs
import RelightConfig

extension DecodeOptions {
    /// The decode options relight.yaml asks for (today: how camera RAW files are developed).
    init(_ configuration: RelightConfiguration) {
        self.init(raw: configuration.raw == .preview ? .preview : .develop)
    }
}
