import ImagePixels

extension RelightEngine {
    /// Relights a 16-bit image in place: the gain map comes from `guide` (its 8-bit rounding, the same
    /// size), and is applied to every 16-bit sample in linear light, so smooth gradients keep all
    /// their levels. Alpha is left as it is.
    public func relight(_ image: inout PixelBuffer16, guide: PixelBuffer, plan: LightingPlan) {
        precondition(guide.width == image.width && guide.height == image.height, "the guide must match the image")
        apply(GainMap(image: guide, plan: plan), to: &image)
    }

    func apply(_ map: GainMap, to image: inout PixelBuffer16) {
        let threads = threads
        let width = image.width, height = image.height, channels = image.channels
        let factor = Float(map.factor)
        let lowWidth = map.width, lowHeight = map.height
        var columns = [Int](repeating: 0, count: width)
        var weights = [Float](repeating: 0, count: width)
        for x in 0..<width {
            let u = max(0, (Float(x) + 0.5) / factor - 0.5)
            let x0 = min(lowWidth - 1, Int(u))
            columns[x] = x0
            weights[x] = x0 + 1 < lowWidth ? u - Float(x0) : 0
        }
        let range = ColorTables.deepShoulderRange, gains = map.gains, columnIndex = columns, columnWeight = weights
        @Sendable func upsampledRow(_ j: Int, into out: inout [SIMD4<Float>]) {
            let row = j * lowWidth
            for x in 0..<width {
                let c = columnIndex[x]
                let a = gains[row + c], b = gains[row + min(c + 1, lowWidth - 1)]
                out[x] = a + (b - a) * columnWeight[x]
            }
        }
        image.samples.withUnsafeMutableBufferPointer { buffer in
            let pixels = SendablePointer(buffer.baseAddress!)
            RowBands.run(height: height, threads: threads) { rows in
                var upper = [SIMD4<Float>](repeating: .zero, count: width), lower = upper
                var upperRow = -1, lowerRow = -1
                ColorTables.deepToLinear.withUnsafeBufferPointer { lin in
                    ColorTables.deepFromLinearShoulder.withUnsafeBufferPointer { back in
                        for y in rows {
                            let v = max(0, (Float(y) + 0.5) / factor - 0.5)
                            let y0 = min(lowHeight - 1, Int(v))
                            let y1 = min(lowHeight - 1, y0 + 1)
                            let wy = y1 > y0 ? v - Float(y0) : 0
                            if upperRow != y0 { upsampledRow(y0, into: &upper); upperRow = y0 }
                            if lowerRow != y1 { upsampledRow(y1, into: &lower); lowerRow = y1 }
                            var p = pixels.pointer + y * width * channels
                            for x in 0..<width {
                                let gain = upper[x] + (lower[x] - upper[x]) * wy
                                p[0] = back[ColorTables.rootIndex(lin[Int(p[0])] * gain.x, over: range)]
                                p[1] = back[ColorTables.rootIndex(lin[Int(p[1])] * gain.y, over: range)]
                                p[2] = back[ColorTables.rootIndex(lin[Int(p[2])] * gain.z, over: range)]
                                p += channels
                            }
                        }
                    }
                }
            }
        }
    }
}
