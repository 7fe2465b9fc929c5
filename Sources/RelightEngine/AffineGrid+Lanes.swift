internal import PixelKernels

/// ``AffineGrid``'s values in the fixed-point kernels' layout: per grid row and cell, 48 vectors of 8 floats,
/// one per (term, input, output), lane j holding luminance interval j (see `pixel_kernels.h`), so a
/// pixel's values come from one shuffle by its interval. Held in the kernels' fixed-point units (gains
/// ×4096, offsets ×16384: powers of two, so the scaled values are exact); the kernel interpolates them to
/// a pixel row and rounds them to 16 bits in one pass.
struct AffineLanes: Sendable {
    static let floatsPerCell = Int(RELIGHT_PK_CELL_FLOATS)
    /// Luminance intervals a lane vector holds (eight 16-bit values fill a byte shuffle's 16-byte table).
    static let maximumIntervals = 8

    let blocks: [Float]
    let steps: [Float]
    let floatsPerRow: Int
    /// The grid's cell starts and column weights (×32767) as the kernels take them, made once per grid.
    let cellStarts: [Int32]
    let columnWeights: [Int16]

    /// The lanes of `grid`'s SIMD4 values (`blocks`, `steps`: per grid row, cell and interval, 16 SIMD4 =
    /// P, Q, R, T as four columns each).
    init(
        cellsX: Int, cellsY: Int, depth: Int, blocks simdBlocks: [SIMD4<Float>], steps simdSteps: [SIMD4<Float>],
        cellStart: [Int], columnWeight: [Float]
    ) {
        cellStarts = cellStart.map { Int32($0) }
        columnWeights = columnWeight.map { Int16(($0 * 32767).rounded()) }
        let intervals = depth - 1
        precondition(intervals <= Self.maximumIntervals, "the fixed-point kernels hold at most 8 luminance intervals")
        floatsPerRow = cellsX * Self.floatsPerCell
        func lanes(_ values: [SIMD4<Float>]) -> [Float] {
            var out = [Float](repeating: 0, count: cellsY * cellsX * Self.floatsPerCell)
            for y in 0..<cellsY {
                for c in 0..<cellsX {
                    let base = (y * cellsX + c) * Self.floatsPerCell
                    for j in 0..<intervals {
                        let source = (y * cellsX + c) * intervals * 16 + j * 16
                        for term in 0..<4 {
                            for input in 0..<4 {
                                let column = values[source + term * 4 + input]
                                // Input 3 is the offset.
                                let scale: Float = input == 3 ? 16384 : 4096
                                for output in 0..<3 {
                                    out[base + ((term * 4 + input) * 3 + output) * 8 + j] = column[output] * scale
                                }
                            }
                        }
                    }
                }
            }
            return out
        }
        blocks = lanes(simdBlocks)
        steps = lanes(simdSteps)
    }
}

extension AffineGrid {
    /// As ``run(rows:from:to:channels:sourceRow:destinationRow:)`` in 16-bit fixed point (``lanes`` must be set): the
    /// row's slab is interpolated in float and rounded to 16 bits, then each pixel is integer arithmetic, by
    /// AVX-512 32 pixels at a time (``kernel`` `.wide`), AVX2 16 at a time (`.vector`) or one at a time; all
    /// give the same bytes.
    func runFixed(
        rows: Range<Int>, from source: UnsafePointer<UInt8>, to destination: UnsafeMutablePointer<UInt8>, channels: Int,
        sourceRow: Int = 0, destinationRow: Int = 0
    ) {
        guard let lanes else { preconditionFailure("the fixed-point kernel needs the grid's lanes") }
        let table = UnsafeMutablePointer<Int16>.allocate(capacity: lanes.floatsPerRow)
        defer { table.deallocate() }
        // Without its byte tables (never, for the sRGB curve) the AVX-512 loop cannot run; AVX2 gives the same bytes.
        let byteTables = ColorTables.byteTables
        let level = byteTables == nil ? min(kernel.level, 1) : kernel.level, perRow = lanes.floatsPerRow
        lanes.blocks.withUnsafeBufferPointer { blocks in
            lanes.steps.withUnsafeBufferPointer { steps in
                lanes.cellStarts.withUnsafeBufferPointer { starts in
                    lanes.columnWeights.withUnsafeBufferPointer { weights in
                        withUnsafePointer(to: byteTables ?? relight_pk_byte_tables()) { bytes in
                            ColorTables.toLinearQ14.withUnsafeBufferPointer { linear in
                                ColorTables.toLinearQ14Wide.withUnsafeBufferPointer { linear32 in
                                    ColorTables.toSRGBClampedPadded.withUnsafeBufferPointer { encode in
                                        var row = relight_pk_affine_row_q(
                                            upper: blocks.baseAddress!, step: steps.baseAddress!, weight: 0, table: table,
                                            cells: Int32(cellsX), cell_start: starts.baseAddress!, column_weight: weights.baseAddress!,
                                            last_interval: Int32(depth - 2),
                                            luma_multiplier: UInt32((depth - 1) * 256), to_linear: linear.baseAddress!,
                                            to_linear32: linear32.baseAddress!, to_srgb: encode.baseAddress!,
                                            byte_tables: bytes, channels: Int32(channels))
                                        let rowBytes = width * channels
                                        for y in rows {
                                            let (y0, wy) = gridRow(y)
                                            row.upper = blocks.baseAddress! + y0 * perRow
                                            row.step = steps.baseAddress! + y0 * perRow
                                            row.weight = wy
                                            relight_pk_affine_row_q8(
                                                &row, source + (y - sourceRow) * rowBytes, destination + (y - destinationRow) * rowBytes, level)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
