import RelightConfig
import Relighting

/// `--engine local`: jobs really relight the fetched image with the embedded engine, as the cloud would.
public struct LocalSandboxEngine: SandboxEngine {
    public let name = "local"
    let provider: LocalProvider

    public init(provider: LocalProvider = LocalProvider()) {
        self.provider = provider
    }

    public func relight(_ image: [UInt8], profile: LightingProfile) async throws -> [[UInt8]] {
        try await provider.relight(imageBytes: image, profile: profile, label: "subject_image").images.map { [UInt8]($0.data) }
    }
}
