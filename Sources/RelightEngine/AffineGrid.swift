/// A ``RestoreModel``'s grid laid out for one full-resolution pass over a `width`×`height` image: the
/// per-pixel half of restore, shared by the 8- and 16-bit loops.
///
/// A pixel's transform is the trilinear blend of the eight vertices around (x, y, its luminance). The
/// blend in y is the same for a whole row, so each row first interpolates a small slab (one FMA per
/// value); the blend in x and luminance is then done per pixel, in column form (four SIMD4 columns:
/// the outputs' weights of r, g, b and the offset), with the bilinear terms pre-differenced so a pixel
/// costs 12 SIMD4 multiply-adds to get its transform and 4 to apply it. No image-sized buffers.
struct AffineGrid: Sendable {
    let width: Int
    let height: Int
    let cellsX: Int
    let cellsY: Int
    let depth: Int
    /// Per grid row (cellsY of them, the upper vertex row of each cell row), per cell across, per
    /// luminance interval: 16 SIMD4 = P, Q, R, T, each as four columns, so the transform at (wx, wz)
    /// in the cell is P + wz·Q + wx·(R + wz·T).
    private let blocks: [SIMD4<Float>]
    /// The same values for the grid row below minus these: a pixel row's slab is blocks + wy · steps.
    private let steps: [SIMD4<Float>]
    /// The first pixel column of each cell (cellsX + 1 entries, the last is `width`).
    let cellStart: [Int]
    /// Per pixel column, the weight of its cell's right vertex.
    let columnWeight: [Float]
    let luma: LumaTables
    /// The kernel that runs the 8-bit loop (in fixed point); the 16-bit loop is always the float one.
    let kernel: PixelKernel
    /// The values in the fixed-point kernels' layout; nil for grids deeper than they hold and on CPUs
    /// without AVX2, whose 8-bit pixels then take the float loop too.
    let lanes: AffineLanes?

    /// SIMD4 values per cell of a slab, and per slab.
    var cellStride: Int { (depth - 1) * 16 }
    var slabCount: Int { cellsX * cellStride }

    /// `kernel` falls back to ``PixelKernel/portable`` where this CPU does not run it.
    init(model: RestoreModel, width: Int, height: Int, kernel: PixelKernel = .best) {
        precondition(model.depth >= 2, "a restore grid needs two luminance vertices")
        self.width = width
        self.height = height
        cellsX = model.cellsX
        cellsY = model.cellsY
        depth = model.depth
        luma = LumaTables(depth: model.depth)

        var starts = [Int](repeating: width, count: model.cellsX + 1)
        var weights = [Float](repeating: 0, count: width)
        var next = 0
        for x in 0..<width {
            let u = (Double(x) + 0.5) / Double(width) * Double(model.cellsX)
            let x0 = min(model.cellsX - 1, Int(u))
            while next <= x0 { starts[next] = x; next += 1 }
            weights[x] = Float(min(1, u - Double(x0)))
        }
        cellStart = starts
        columnWeight = weights

        // Column form of vertex (y, x, z): four SIMD4 (weights of r, g, b; offset), each over (R, G, B, 0).
        func columns(_ y: Int, _ x: Int, _ z: Int) -> [SIMD4<Float>] {
            let rows = model.rows, v = ((y * (model.cellsX + 1) + x) * model.depth + z) * 3
            // Finite and bounded, so every output is finite: the per-pixel clamps (SIMD masks) would let a
            // NaN through to a table index.
            func safe(_ row: SIMD4<Float>) -> SIMD4<Float> {
                SIMD4((0..<4).map { row[$0].isFinite ? Swift.max(-1e6, Swift.min(1e6, row[$0])) : 0 })
            }
            let r = safe(rows[v]), g = safe(rows[v + 1]), b = safe(rows[v + 2])
            return [SIMD4(r.x, g.x, b.x, 0), SIMD4(r.y, g.y, b.y, 0), SIMD4(r.z, g.z, b.z, 0), SIMD4(r.w, g.w, b.w, 0)]
        }
        let perRow = model.cellsX * (model.depth - 1) * 16
        var layout = [SIMD4<Float>](repeating: .zero, count: (model.cellsY + 1) * perRow)
        for y in 0...model.cellsY {
            for c in 0..<model.cellsX {
                for j in 0..<(model.depth - 1) {
                    let v00 = columns(y, c, j), v01 = columns(y, c, j + 1)
                    let v10 = columns(y, c + 1, j), v11 = columns(y, c + 1, j + 1)
                    let base = y * perRow + (c * (model.depth - 1) + j) * 16
                    for k in 0..<4 {
                        layout[base + k] = v00[k]
                        layout[base + 4 + k] = v01[k] - v00[k]
                        layout[base + 8 + k] = v10[k] - v00[k]
                        layout[base + 12 + k] = v11[k] - v10[k] - v01[k] + v00[k]
                    }
                }
            }
        }
        blocks = Array(layout[0..<(model.cellsY * perRow)])
        steps = (0..<(model.cellsY * perRow)).map { layout[$0 + perRow] - layout[$0] }
        // Without AVX2 the float loop runs: one fixed-point pixel at a time is about 4× slower than its SIMD4
        // arithmetic, and the two are within a code of each other (FixedPointPrecisionTests).
        if model.depth - 1 <= AffineLanes.maximumIntervals, PixelKernel.vectorAvailable {
            self.kernel = kernel.isAvailable ? kernel : .portable
            lanes = AffineLanes(
                cellsX: cellsX, cellsY: cellsY, depth: depth, blocks: blocks, steps: steps, cellStart: cellStart, columnWeight: columnWeight)
        } else {
            self.kernel = .portable
            lanes = nil
        }
    }

    /// The grid row above pixel row `y` and the weight of the one below it.
    @inline(__always)
    func gridRow(_ y: Int) -> (Int, Float) {
        let v = (Double(y) + 0.5) / Double(height) * Double(cellsY)
        let y0 = min(cellsY - 1, Int(v))
        return (y0, Float(min(1, v - Double(y0))))
    }

    /// Fills `slab` (``slabCount`` values) with the grid interpolated to pixel row `y`.
    @inline(__always)
    func slab(row y: Int, into slab: UnsafeMutablePointer<SIMD4<Float>>) {
        let (y0, wy) = gridRow(y)
        let count = slabCount
        blocks.withUnsafeBufferPointer { b in
            steps.withUnsafeBufferPointer { s in
                let upper = b.baseAddress! + y0 * count, step = s.baseAddress! + y0 * count
                for k in 0..<count { slab[k] = upper[k] + step[k] * wy }
            }
        }
    }

    /// The linear output of a pixel with linear input (r, g, b) and luminance coordinate `z`, at
    /// weight `wx` in the cell whose slab values start at `cell`.
    @inline(__always)
    static func transform(
        cell: UnsafePointer<SIMD4<Float>>, depth: Int, wx: Float, z: Float, r: Float, g: Float, b: Float
    ) -> SIMD4<Float> {
        let j = min(depth - 2, nearest(z - 0.5))
        let wz = z - Float(j)
        let m = cell + j * 16
        let cr = m[0] + m[4] * wz + (m[8] + m[12] * wz) * wx
        let cg = m[1] + m[5] * wz + (m[9] + m[13] * wz) * wx
        let cb = m[2] + m[6] * wz + (m[10] + m[14] * wz) * wx
        let co = m[3] + m[7] * wz + (m[11] + m[15] * wz) * wx
        return cr * r + cg * g + cb * b + co
    }

    /// The table indices of linear `value` × `scale`, clamped to 0...scale and rounded, all lanes at once.
    /// Finite values only (``init(model:width:height:)`` keeps the transforms finite and bounded).
    @inline(__always)
    static func indices(_ value: SIMD4<Float>, scale: SIMD4<Float>) -> SIMD4<UInt32> {
        var v = value * scale
        v = v.replacing(with: 0, where: v .< 0)
        v = v.replacing(with: scale, where: v .> scale)
        // Adding 1.5 × 2²³ leaves the rounded value in the mantissa.
        return unsafeBitCast(v + 12_582_912, to: SIMD4<UInt32>.self) &- 0x4B40_0000
    }

    /// The indices of linear `value`, clamped to 0...1, in a 65536-entry table indexed by its square root
    /// (``ColorTables/deepFromLinearClamped``), all lanes at once.
    @inline(__always)
    static func rootIndices(_ value: SIMD4<Float>) -> SIMD4<UInt32> {
        var v = value.replacing(with: 0, where: value .< 0)
        v = v.replacing(with: 1, where: v .> 1)
        let root = v.squareRoot() * 65535 + 12_582_912
        return unsafeBitCast(root, to: SIMD4<UInt32>.self) &- 0x4B40_0000
    }

    /// The nearest integer to `value` for values in −0.5...2²², without the range and NaN checks of
    /// `Int(_:)`: adding 1.5 × 2²³ leaves the rounded value in the mantissa.
    @inline(__always)
    static func nearest(_ value: Float) -> Int {
        Int((value + 12_582_912).bitPattern &- 0x4B40_0000)
    }
}
