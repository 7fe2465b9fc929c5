import Dispatch
import ImagePixels

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

    /// A pass over `image` into one reused buffer of `stripRows` rows, in bands per strip: `pass(rows, source,
    /// strip, firstRow)` writes `rows` of the image into the strip, whose first row is image row `firstRow`,
    /// and `body` gets each strip's pixels and row count, top to bottom, while they are still in cache.
    static func strips<E: Error>(
        of image: PixelBuffer, stripRows: Int, threads: Int,
        pass: @escaping @Sendable (Range<Int>, UnsafePointer<UInt8>, UnsafeMutablePointer<UInt8>, Int) -> Void,
        _ body: (UnsafePointer<UInt8>, Int) throws(E) -> Void
    ) throws(E) {
        let height = image.height, stripRows = max(1, stripRows)
        let strip = UnsafeMutablePointer<UInt8>.allocate(capacity: min(height, stripRows) * image.width * image.channels)
        defer { strip.deallocate() }
        try image.bytes.withUnsafeBufferPointer { (source) throws(E) in
            let from = SendablePointer(UnsafeMutablePointer(mutating: source.baseAddress!)), to = SendablePointer(strip)
            try forEachStrip(height: height, stripRows: stripRows) { (rows) throws(E) in
                run(rows: rows, threads: threads) { band in pass(band, UnsafePointer(from.pointer), to.pointer, rows.lowerBound) }
                try body(UnsafePointer(strip), rows.count)
            }
        }
    }
}

extension RowBands {
    /// A pass with no source image at all: each strip of one reused buffer is filled by `fill(strip, rows)`
    /// (a decoder), changed in place by `pass(rows, strip, firstRow)` in bands, and handed to `body` while
    /// it is still in cache, top to bottom. The strip holds `stripRows` rows of `rowBytes` bytes.
    static func strips<E: Error>(
        height: Int, rowBytes: Int, stripRows: Int, threads: Int,
        fill: (UnsafeMutablePointer<UInt8>, Int) throws(E) -> Void,
        pass: @escaping @Sendable (Range<Int>, UnsafeMutablePointer<UInt8>, Int) -> Void,
        _ body: (UnsafePointer<UInt8>, Int) throws(E) -> Void
    ) throws(E) {
        let stripRows = max(1, stripRows)
        let strip = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, min(height, stripRows) * rowBytes))
        defer { strip.deallocate() }
        let shared = SendablePointer(strip)
        try forEachStrip(height: height, stripRows: stripRows) { (rows) throws(E) in
            try fill(strip, rows.count)
            run(rows: rows, threads: threads) { band in pass(band, shared.pointer, rows.lowerBound) }
            try body(UnsafePointer(strip), rows.count)
        }
    }

    /// `body` for each strip of `stripRows` rows (the last may be shorter) of `height`, top to bottom.
    private static func forEachStrip<E: Error>(height: Int, stripRows: Int, _ body: (Range<Int>) throws(E) -> Void) throws(E) {
        var top = 0
        while top < height {
            let rows = top..<min(height, top + stripRows)
            try body(rows)
            top = rows.upperBound
        }
    }
}

/// A pixel pointer handed to the bands of one pass; each band touches disjoint rows.
struct SendablePointer<Sample>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Sample>
    init(_ pointer: UnsafeMutablePointer<Sample>) { self.pointer = pointer }
}
