import RelightConfig
import RelightEngine
import Relighting

/// `--engine local`: jobs really relight the fetched image with the embedded engine, as the cloud would.
public struct LocalSandboxEngine: SandboxEngine {
    public let name = "local"
    let provider: LocalProvider

    /// The API's geometry whatever the profile's `deliver` says: the sandbox returns what the API would.
    public init(provider: LocalProvider = LocalProvider(geometry: .profile)) {
        self.provider = provider
    }

    public func relight(_ image: [UInt8], profile: LightingProfile) async throws -> [[UInt8]] {
        try await provider.relight(imageBytes: image, profile: profile, label: "subject_image").images.map { [UInt8]($0.data) }
    }
}
