internal import PixelKernels

/// Which implementation runs a full-resolution pixel loop.
///
/// `portable` is the Swift kernel: every CPU, and the reference. `vector` is the AVX2 kernel in
/// `PixelKernels`, which does the same arithmetic in the same order eight pixels at a time, so its bytes
/// match; it runs where the CPU has AVX2 and FMA (x86-64 since about 2015).
public enum PixelKernel: Sendable, CaseIterable {
    case portable
    case vector

    /// The fastest kernel this machine runs.
    public static let best: PixelKernel = vectorAvailable ? .vector : .portable

    /// Whether this CPU runs the AVX2 kernels.
    public static let vectorAvailable: Bool = relight_pk_has_avx2() != 0
}
