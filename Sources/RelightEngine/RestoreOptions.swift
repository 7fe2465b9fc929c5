/// The knobs of ``Restore``; the defaults suit a 1–2 MP model result restored onto a camera original.
public struct RestoreOptions: Sendable, Equatable {
    /// About how many spatial cells the grid has in all (16 × 16 for a square frame); the cells stay
    /// roughly square, so a 3:2 frame gets about 20 × 13.
    public var spatialCells: Int = 256
    /// Luminance bins: how many distinct colour transforms one spatial cell can hold (shadows to highlights).
    public var luminanceBins: Int = 8
    /// Ridge weight, per sample, relative to the square of the vertex's mean linear luminance, pulling each
    /// vertex's 3 × 3 colour matrix toward its per-channel ratio (output mean / input mean). Flat vertices
    /// become that ratio; textured ones follow the data. Larger values give smoother, less colour-mixing
    /// transforms.
    public var regularization: Double = 1e-3
    /// Samples (proxy pixels, after the blur) at which a vertex counts half its own fit and half its
    /// neighbours' (or the frame's, where the grid is empty around it): how sparse tones fade without blotches.
    public var priorSamples: Double = 0.5
    /// Passes of a [1, 2, 1] blur over the grid's sums along each axis before solving.
    public var blurPasses: Int = 1
    /// Passes of a [1, 2, 1] blur over the solved transforms along luminance: fewer speckles where the
    /// model redrew part of a cell, at a small cost in how sharply tone-dependent grades are followed.
    public var luminanceSmoothing: Int = 1
    /// Whether to estimate and correct a global shift (and small scale change) between proxy and result.
    public var align: Bool = true
    /// The largest shift searched for, as a fraction of the proxy's longer side.
    public var maximumShift: Double = 0.04

    public init() {}
}
