internal import PixelKernels

/// ``AffineGrid``'s values in the AVX2 kernel's layout: per grid row and cell, 48 vectors of 8 floats,
/// one per (term, input, output), lane j holding luminance interval j (see `pixel_kernels.h`), so a
/// pixel's values come from one permute by its interval. Interpolated to a pixel row exactly as the
/// Swift slab is (upper + step · wy, value by value), so both kernels see the same numbers.
struct AffineLanes: Sendable {
    static let floatsPerCell = Int(RELIGHT_PK_CELL_FLOATS)
    /// Luminance intervals a lane vector holds.
    static let maximumIntervals = 8

    let blocks: [Float]
    let steps: [Float]
    let floatsPerRow: Int

    /// The lanes of `grid`'s SIMD4 values (`blocks`, `steps`: per grid row, cell and interval, 16 SIMD4 =
    /// P, Q, R, T as four columns each).
    init(cellsX: Int, cellsY: Int, depth: Int, blocks simdBlocks: [SIMD4<Float>], steps simdSteps: [SIMD4<Float>]) {
        let intervals = depth - 1
        precondition(intervals <= Self.maximumIntervals, "the AVX2 kernel holds at most 8 luminance intervals")
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
                                for output in 0..<3 {
                                    out[base + ((term * 4 + input) * 3 + output) * 8 + j] = column[output]
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

    /// Fills `slab` (``floatsPerRow`` floats) with grid row `y0` blended towards the next by `wy`.
    @inline(__always)
    func slab(gridRow y0: Int, weight wy: Float, into slab: UnsafeMutablePointer<Float>) {
        let count = floatsPerRow
        blocks.withUnsafeBufferPointer { b in
            steps.withUnsafeBufferPointer { s in
                let upper = b.baseAddress! + y0 * count, step = s.baseAddress! + y0 * count
                for k in 0..<count { slab[k] = upper[k] + step[k] * wy }
            }
        }
    }
}

extension AffineGrid {
    /// As ``run(rows:from:to:channels:)``, by the AVX2 kernel (``lanes`` must be set).
    func runVector(
        rows: Range<Int>, from source: UnsafePointer<UInt8>, to destination: UnsafeMutablePointer<UInt8>, channels: Int,
        destinationRow: Int = 0
    ) {
        guard let lanes else { preconditionFailure("the AVX2 kernel needs the grid's lanes") }
        let slab = UnsafeMutablePointer<Float>.allocate(capacity: lanes.floatsPerRow)
        defer { slab.deallocate() }
        let starts = cellStart.map { Int32($0) }
        starts.withUnsafeBufferPointer { starts in
            columnWeight.withUnsafeBufferPointer { weights in
                ColorTables.toLinear.withUnsafeBufferPointer { linear in
                    ColorTables.toSRGBClamped.withUnsafeBufferPointer { encode in
                        var row = relight_pk_affine_row(
                            slab: UnsafePointer(slab), cells: Int32(cellsX), cell_start: starts.baseAddress!,
                            column_weight: weights.baseAddress!, last_interval: Int32(depth - 2),
                            luma_scale: Float(depth - 1) / 255, to_linear: linear.baseAddress!, to_srgb: encode.baseAddress!,
                            scale: ColorTables.clampedScale, channels: Int32(channels))
                        for y in rows {
                            let (y0, wy) = gridRow(y)
                            lanes.slab(gridRow: y0, weight: wy, into: slab)
                            let rowBytes = width * channels
                            relight_pk_affine_row_u8(&row, source + y * rowBytes, destination + (y - destinationRow) * rowBytes)
                        }
                    }
                }
            }
        }
    }
}
