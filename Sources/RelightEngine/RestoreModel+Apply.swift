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
        let bands = max(1, min(threads, height / 16))
        let plan = ApplyPlan(model: self, width: image.width, height: height)
        image.bytes.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            if bands == 1 {
                plan.run(rows: 0..<height, pixels: base, channels: channels)
            } else {
                // Each band writes only its own rows, so the shared pointer is never written twice.
                let pixels = SendablePointer(base)
                DispatchQueue.concurrentPerform(iterations: bands) { band in
                    let first = height * band / bands, end = height * (band + 1) / bands
                    plan.run(rows: first..<end, pixels: pixels.pointer, channels: channels)
                }
            }
        }
    }
}

/// A pixel pointer handed to the bands of one apply; each band touches disjoint rows.
private struct SendablePointer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<UInt8>
    init(_ pointer: UnsafeMutablePointer<UInt8>) { self.pointer = pointer }
}

/// The per-image constants of one apply: column positions in the grid and the tables.
private struct ApplyPlan: Sendable {
    let model: RestoreModel
    let width: Int
    let height: Int
    let columnCell: [Int32]
    let columnWeight: [Float]
    let luma: LumaTables
    let toLinear: [Float]
    let toSRGB: [UInt8]

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
        toLinear = ColorTables.toLinear
        toSRGB = ColorTables.toSRGBClamped
    }

    func run(rows: Range<Int>, pixels: UnsafeMutablePointer<UInt8>, channels: Int) {
        let depth = model.depth, vertices = model.cellsX + 1
        let slabCount = vertices * depth * 3
        let slab = UnsafeMutablePointer<SIMD4<Float>>.allocate(capacity: slabCount)
        defer { slab.deallocate() }
        let scale = ColorTables.clampedScale
        let columnStride = depth * 3
        model.rows.withUnsafeBufferPointer { grid in
            toLinear.withUnsafeBufferPointer { lin in
                toSRGB.withUnsafeBufferPointer { srgb in
                    luma.red.withUnsafeBufferPointer { zr in
                        luma.green.withUnsafeBufferPointer { zg in
                            luma.blue.withUnsafeBufferPointer { zb in
                                columnCell.withUnsafeBufferPointer { cells in
                                    columnWeight.withUnsafeBufferPointer { weights in
                                        for y in rows {
                                            // The grid interpolated to this row.
                                            let v = (Double(y) + 0.5) / Double(height) * Double(model.cellsY)
                                            let y0 = min(model.cellsY - 1, Int(v))
                                            let wy = Float(min(1, v - Double(y0)))
                                            let upper = grid.baseAddress! + y0 * slabCount, lower = upper + slabCount
                                            for k in 0..<slabCount { slab[k] = upper[k] + (lower[k] - upper[k]) * wy }

                                            var p = pixels + y * width * channels
                                            for x in 0..<width {
                                                let r = p[0], g = p[1], b = p[2]
                                                let z = zr[Int(r)] + zg[Int(g)] + zb[Int(b)]
                                                let z0 = min(depth - 2, Self.nearest(z - 0.5))
                                                let wz = min(1, z - Float(z0)), wx = weights[x]
                                                let s = slab + Int(cells[x]) * columnStride + z0 * 3
                                                let w00 = (1 - wx) * (1 - wz), w01 = (1 - wx) * wz
                                                let w10 = wx * (1 - wz), w11 = wx * wz
                                                let t = s + columnStride
                                                let rowR = s[0] * w00 + s[3] * w01 + t[0] * w10 + t[3] * w11
                                                let rowG = s[1] * w00 + s[4] * w01 + t[1] * w10 + t[4] * w11
                                                let rowB = s[2] * w00 + s[5] * w01 + t[2] * w10 + t[5] * w11
                                                let input = SIMD4<Float>(lin[Int(r)], lin[Int(g)], lin[Int(b)], 1)
                                                // Scalar clamps: SIMD3's clamped(lowerBound:upperBound:) is not inlined
                                                // here and cost a quarter of the loop. The value is finite: the
                                                // transforms are, and max/min drop a NaN toward the bound.
                                                let outR = (rowR * input).sum() * scale
                                                let outG = (rowG * input).sum() * scale
                                                let outB = (rowB * input).sum() * scale
                                                p[0] = srgb[Self.nearest(Swift.min(scale, Swift.max(0, outR)))]
                                                p[1] = srgb[Self.nearest(Swift.min(scale, Swift.max(0, outG)))]
                                                p[2] = srgb[Self.nearest(Swift.min(scale, Swift.max(0, outB)))]
                                                p += channels
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

    /// The nearest integer to `value` for values in −0.5...2²², without the range and NaN checks of
    /// `Int(_:)`, which cost a sixth of the loop: adding 1.5 × 2²³ leaves the rounded value in the mantissa.
    @inline(__always)
    static func nearest(_ value: Float) -> Int {
        Int((value + 12_582_912).bitPattern &- 0x4B40_0000)
    }
}
