/// Everything the engine needs to relight one variation, decided from a profile before any pixel is touched.
///
/// Build it with ``init(profile:variation:)``; every field is a plain number so tests and docs can inspect it.
public struct LightingPlan: Sendable, Equatable {
    /// Unit vector towards the light in image coordinates (x right, y down); `nil` for no direction.
    public var direction: SIMD2<Float>?
    /// Light from behind the subject: the frame's edges and outlines brighten.
    public var backlit: Bool
    /// The key light's colour as linear RGB gains with unit luminance.
    public var keyColor: SIMD3<Float>
    /// For neon: a second light of this colour from the opposite side.
    public var secondColor: SIMD3<Float>?
    public var ambientColor: SIMD3<Float>
    /// How strong the key light is relative to the ambient light.
    public var keyStrength: Float
    /// The ambient (fill) level, 0...1: low for low-key, high for high-key.
    public var ambient: Float
    /// The share of pseudo-normal (Lambert) shading in the key light, 0...1.
    public var normalWeight: Float
    /// Overall exposure factor in linear light.
    public var exposure: Float
    /// Contrast of the base (shading) layer around mid-grey; 1 leaves it.
    public var contrast: Float
    /// Extra light in the shadows, 0...1.
    public var shadowLift: Float
    /// Corner darkening, 0...1.
    public var vignette: Float
    /// Teal shadows / orange highlights, 0...1.
    public var splitTone: Float
    /// The gain map works at 1/gridFactor of the resolution in each direction.
    public var gridFactor: Int
    /// Guided-filter passes over the base layer.
    public var filterPasses: Int
    /// The seed this variation was made with.
    public var seed: Int

    public init(
        direction: SIMD2<Float>? = nil, backlit: Bool = false, keyColor: SIMD3<Float> = SIMD3(1, 1, 1),
        secondColor: SIMD3<Float>? = nil, ambientColor: SIMD3<Float> = SIMD3(1, 1, 1), keyStrength: Float = 0.7,
        ambient: Float = 0.5, normalWeight: Float = 0.35, exposure: Float = 1, contrast: Float = 1, shadowLift: Float = 0,
        vignette: Float = 0, splitTone: Float = 0, gridFactor: Int = 4, filterPasses: Int = 1, seed: Int = 0
    ) {
        self.direction = direction
        self.backlit = backlit
        self.keyColor = keyColor
        self.secondColor = secondColor
        self.ambientColor = ambientColor
        self.keyStrength = keyStrength
        self.ambient = ambient
        self.normalWeight = normalWeight
        self.exposure = exposure
        self.contrast = contrast
        self.shadowLift = shadowLift
        self.vignette = vignette
        self.splitTone = splitTone
        self.gridFactor = gridFactor
        self.filterPasses = filterPasses
        self.seed = seed
    }
}
