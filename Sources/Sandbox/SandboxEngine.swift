import RelightConfig

/// What the sandbox runs on a fetched subject image: the seam where the local engine plugs in.
///
/// Given the encoded subject image and the resolved profile, return the encoded output images
/// (`number_of_images` of them, in `output_format`). The sandbox serves whatever comes back, so a
/// test can plug in an engine that returns oversized or non-image bytes. CPU-heavy engines must do
/// their work off the cooperative pool (e.g. on a `NIOThreadPool`).
public protocol SandboxEngine: Sendable {
    /// The name shown in `relight sandbox --help` and the stats.
    var name: String { get }
    func relight(_ image: [UInt8], profile: LightingProfile) async throws -> [[UInt8]]
}

/// `--engine echo`: returns the input unchanged, once per requested image. For load tests, and until the
/// local engine lands.
public struct EchoEngine: SandboxEngine {
    public let name = "echo"

    public init() {}

    public func relight(_ image: [UInt8], profile: LightingProfile) async throws -> [[UInt8]] {
        Array(repeating: image, count: max(1, profile.numberOfImages))
    }
}

/// An engine made from a closure, for tests and for plugging in the local engine after merge:
/// `ClosureEngine(name: "local") { bytes, profile in try await engine.relight(bytes, profile) }`.
public struct ClosureEngine: SandboxEngine {
    public let name: String
    let body: @Sendable ([UInt8], LightingProfile) async throws -> [[UInt8]]

    public init(name: String, _ body: @escaping @Sendable ([UInt8], LightingProfile) async throws -> [[UInt8]]) {
        self.name = name
        self.body = body
    }

    public func relight(_ image: [UInt8], profile: LightingProfile) async throws -> [[UInt8]] {
        try await body(image, profile)
    }
}
