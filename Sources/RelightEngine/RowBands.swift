import Dispatch

/// The rows of a full-resolution pass split into bands, one per core: the restore's affine grid and
/// the engine's gain map both run through it. Each band writes only its own rows, so a shared pixel
/// pointer is never written twice, and a pass gives the same bytes on any number of cores.
enum RowBands {
    /// Runs `work` over `height` rows, split into up to `threads` bands of at least 16 rows.
    static func run(height: Int, threads: Int, _ work: @Sendable (Range<Int>) -> Void) {
        let bands = max(1, min(threads, height / 16))
        if bands == 1 { return work(0..<height) }
        DispatchQueue.concurrentPerform(iterations: bands) { band in
            work((height * band / bands)..<(height * (band + 1) / bands))
        }
    }

    /// As ``run(height:threads:_:)`` over `rows` only (a strip of a pass).
    static func run(rows: Range<Int>, threads: Int, _ work: @Sendable (Range<Int>) -> Void) {
        run(height: rows.count, threads: threads) { band in work((rows.lowerBound + band.lowerBound)..<(rows.lowerBound + band.upperBound)) }
    }
}

/// A pixel pointer handed to the bands of one pass; each band touches disjoint rows.
struct SendablePointer<Sample>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Sample>
    init(_ pointer: UnsafeMutablePointer<Sample>) { self.pointer = pointer }
}
