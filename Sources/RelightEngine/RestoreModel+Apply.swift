import Dispatch
import ImagePixels

extension RestoreModel {
    /// Carries the model's light and colour onto `image` in place: each pixel slices the grid trilinearly by
    /// (x, y, its own luminance) and goes through that affine transform in linear light. Alpha is untouched.
    ///
    /// Streams rows: per row, the grid is interpolated in y once (a slab of (cellsX + 1) × depth transforms),
    /// then each pixel blends four of them by x and luminance. No image-sized float buffers; sRGB in and out by
    /// tables. `threads` > 1 splits the rows into that many bands run with `concurrentPerform`.
    public func apply(to image: inout PixelBuffer, threads: Int = 1) {
        let height = image.height, channels = image.channels
        let plan = ApplyPlan(model: self, width: image.width, height: height)
        image.bytes.withUnsafeMutableBufferPointer { buffer in
            let pixels = SendablePointer(buffer.baseAddress!)
            Self.inBands(height: height, threads: threads) { rows in plan.run(rows: rows, pixels: pixels.pointer, channels: channels) }
        }
    }

    /// As ``apply(to:threads:)`` for 16-bit samples: the luminance coordinate comes from their top 8 bits
    /// (the grid is smooth in it), the transform is applied to all 16.
    public func apply(to image: inout PixelBuffer16, threads: Int = 1) {
        let height = image.height, channels = image.channels
        let plan = ApplyPlan(model: self, width: image.width, height: height)
        image.samples.withUnsafeMutableBufferPointer { buffer in
            let pixels = SendablePointer(buffer.baseAddress!)
            Self.inBands(height: height, threads: threads) { rows in plan.run(rows: rows, deep: pixels.pointer, channels: channels) }
        }
    }

    /// A 16-bit copy of `original` with the model applied.
    public func applied(to original: PixelBuffer16, threads: Int = 1) -> PixelBuffer16 {
        var copy = original
        apply(to: &copy, threads: threads)
        return copy
    }

    /// Runs `work` over `height` rows, split into up to `threads` bands of at least 16 rows. Each band
    /// writes only its own rows, so a shared pixel pointer is never written twice.
    static func inBands(height: Int, threads: Int, _ work: @Sendable (Range<Int>) -> Void) {
        let bands = max(1, min(threads, height / 16))
        if bands == 1 { return work(0..<height) }
        DispatchQueue.concurrentPerform(iterations: bands) { band in
            work((height * band / bands)..<(height * (band + 1) / bands))
        }
    }
}

/// A pixel pointer handed to the bands of one apply; each band touches disjoint rows.
struct SendablePointer<Sample>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Sample>
    init(_ pointer: UnsafeMutablePointer<Sample>) { self.pointer = pointer }
}

/// The per-image constants of one apply: column positions in the grid and the tables.
private struct ApplyPlan: Sendable {
    let model: RestoreModel
    let width: Int
    let height: Int
    let columnCell: [Int32]
    let columnWeight: [Float]
    let luma: LumaTables

    init(model: RestoreModel, width: Int, height: Int) {
        self.model = model
        self.width = width
        self.height = height
        var cells = [Int32](repeating: 0, count: width), weights = [Float](repeating: 0, count: width)
        for x in 0..<width {
            let u = (Double(x) + 0.5) / Double(width) * Double(model.cellsX)
            let x0 = min(model.cellsX - 1, Int(u))
            cells[x] = Int32(x0)
            weights[x] = Float(min(1, u - Double(x0)))
        }
        columnCell = cells
        columnWeight = weights
        luma = LumaTables(depth: model.depth)
    }

    /// The grid sliced at one row, and the per-column cell positions: what each pixel of the row needs.
    struct RowSlice {
        let slab: UnsafeMutablePointer<SIMD4<Float>>
        let cells: UnsafePointer<Int32>
        let weights: UnsafePointer<Float>
        let depth: Int
        let columnStride: Int

        /// The linear output of the pixel at column `x` with luminance coordinate `z` and linear input `input`.
        @inline(__always)
        func transform(x: Int, z: Float, input: SIMD4<Float>) -> (Float, Float, Float) {
            let z0 = min(depth - 2, ApplyPlan.nearest(z - 0.5))
            let wz = min(1, z - Float(z0)), wx = weights[x]
            let s = slab + Int(cells[x]) * columnStride + z0 * 3
            let w00 = (1 - wx) * (1 - wz), w01 = (1 - wx) * wz
            let w10 = wx * (1 - wz), w11 = wx * wz
            let t = s + columnStride
            let rowR = s[0] * w00 + s[3] * w01 + t[0] * w10 + t[3] * w11
            let rowG = s[1] * w00 + s[4] * w01 + t[1] * w10 + t[4] * w11
            let rowB = s[2] * w00 + s[5] * w01 + t[2] * w10 + t[5] * w11
            return ((rowR * input).sum(), (rowG * input).sum(), (rowB * input).sum())
        }
    }

    /// Calls `body` for each row with the grid interpolated to it.
    private func eachRow(_ rows: Range<Int>, _ body: (Int, RowSlice) -> Void) {
        let depth = model.depth, vertices = model.cellsX + 1
        let slabCount = vertices * depth * 3
        let slab = UnsafeMutablePointer<SIMD4<Float>>.allocate(capacity: slabCount)
        defer { slab.deallocate() }
        model.rows.withUnsafeBufferPointer { grid in
            columnCell.withUnsafeBufferPointer { cells in
                columnWeight.withUnsafeBufferPointer { weights in
                    let slice = RowSlice(
                        slab: slab, cells: cells.baseAddress!, weights: weights.baseAddress!, depth: depth, columnStride: depth * 3)
                    for y in rows {
                        let v = (Double(y) + 0.5) / Double(height) * Double(model.cellsY)
                        let y0 = min(model.cellsY - 1, Int(v))
                        let wy = Float(min(1, v - Double(y0)))
                        let upper = grid.baseAddress! + y0 * slabCount, lower = upper + slabCount
                        for k in 0..<slabCount { slab[k] = upper[k] + (lower[k] - upper[k]) * wy }
                        body(y, slice)
                    }
                }
            }
        }
    }

    func run(rows: Range<Int>, pixels: UnsafeMutablePointer<UInt8>, channels: Int) {
        let scale = ColorTables.clampedScale
        ColorTables.toLinear.withUnsafeBufferPointer { lin in
            ColorTables.toSRGBClamped.withUnsafeBufferPointer { srgb in
                luma.red.withUnsafeBufferPointer { zr in
                    luma.green.withUnsafeBufferPointer { zg in
                        luma.blue.withUnsafeBufferPointer { zb in
                            eachRow(rows) { y, slice in
                                var p = pixels + y * width * channels
                                for x in 0..<width {
                                    let r = p[0], g = p[1], b = p[2]
                                    let z = zr[Int(r)] + zg[Int(g)] + zb[Int(b)]
                                    let (outR, outG, outB) = slice.transform(
                                        x: x, z: z, input: SIMD4<Float>(lin[Int(r)], lin[Int(g)], lin[Int(b)], 1))
                                    // Scalar clamps: SIMD3's clamped(lowerBound:upperBound:) is not inlined
                                    // here and cost a quarter of the loop. The value is finite: the
                                    // transforms are, and max/min drop a NaN toward the bound.
                                    p[0] = srgb[Self.nearest(Swift.min(scale, Swift.max(0, outR * scale)))]
                                    p[1] = srgb[Self.nearest(Swift.min(scale, Swift.max(0, outG * scale)))]
                                    p[2] = srgb[Self.nearest(Swift.min(scale, Swift.max(0, outB * scale)))]
                                    p += channels
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    func run(rows: Range<Int>, deep pixels: UnsafeMutablePointer<UInt16>, channels: Int) {
        ColorTables.deepToLinear.withUnsafeBufferPointer { lin in
            ColorTables.deepFromLinearClamped.withUnsafeBufferPointer { back in
                luma.red.withUnsafeBufferPointer { zr in
                    luma.green.withUnsafeBufferPointer { zg in
                        luma.blue.withUnsafeBufferPointer { zb in
                            eachRow(rows) { y, slice in
                                var p = pixels + y * width * channels
                                for x in 0..<width {
                                    let r = p[0], g = p[1], b = p[2]
                                    let z = zr[Int(r >> 8)] + zg[Int(g >> 8)] + zb[Int(b >> 8)]
                                    let (outR, outG, outB) = slice.transform(
                                        x: x, z: z, input: SIMD4<Float>(lin[Int(r)], lin[Int(g)], lin[Int(b)], 1))
                                    p[0] = back[ColorTables.rootIndex(outR, over: 1)]
                                    p[1] = back[ColorTables.rootIndex(outG, over: 1)]
                                    p[2] = back[ColorTables.rootIndex(outB, over: 1)]
                                    p += channels
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The nearest integer to `value` for values in −0.5...2²², without the range and NaN checks of
    /// `Int(_:)`, which cost a sixth of the loop: adding 1.5 × 2²³ leaves the rounded value in the mantissa.
    @inline(__always)
    static func nearest(_ value: Float) -> Int {
        Int((value + 12_582_912).bitPattern &- 0x4B40_0000)
    }
}
