internal import PixelKernels

/// Which implementation runs the 8-bit full-resolution passes (`PixelKernels`, in fixed point): the restore's and
/// the local relight's.
///
/// `portable` goes one pixel at a time, the reference; `vector` does the same integer arithmetic sixteen
/// pixels at a time in AVX2 (x86-64 since about 2015), `wide` 32 at a time in AVX-512; all three give the
/// same bytes. On a CPU without AVX2 the restore's pass runs its float loop instead (``AffineGrid``),
/// which is faster there and within a code of them; the relight's runs the one-at-a-time loop.
public enum PixelKernel: Sendable, CaseIterable {
    case portable
    case vector
    /// AVX-512 F, BW, VL and VBMI: AMD Zen 4, Intel Ice Lake and later.
    case wide

    /// The fastest kernel this machine runs.
    public static let best: PixelKernel = wideAvailable ? .wide : vectorAvailable ? .vector : .portable

    /// Whether this CPU runs the AVX2 kernels.
    public static let vectorAvailable: Bool = relight_pk_has_avx2() != 0

    /// Whether it runs the AVX-512 ones.
    public static let wideAvailable: Bool = vectorAvailable && relight_pk_has_avx512() != 0

    /// The C kernels' `level` argument for `self`.
    var level: Int32 {
        switch self {
        case .portable: 0
        case .vector: 1
        case .wide: 2
        }
    }

    /// Whether this machine runs `self`.
    public var isAvailable: Bool {
        switch self {
        case .portable: true
        case .vector: Self.vectorAvailable
        case .wide: Self.wideAvailable
        }
    }
}
