import Foundation
import ImagePixels

/// A low-resolution map of per-channel linear gains: the relighting, before it is applied at full resolution.
struct GainMap {
    let width: Int
    let height: Int
    /// The source pixels per cell in each direction.
    let factor: Int
    /// RGB gains (the fourth lane is unused), row-major.
    var gains: [SIMD4<Float>]

    /// Builds the gain map for `image` under `plan`.
    init(image: PixelBuffer, plan: LightingPlan) {
        // The gain map is smooth: cap its size (about 0.4 MP, 1.5 MP at high steps) so huge photos stay fast.
        let cellBudget = Double(plan.filterPasses > 1 ? 1_500_000 : 400_000)
        let capped = Int((Double(image.pixelCount) / cellBudget).squareRoot().rounded(.up))
        let factor = max(1, plan.gridFactor, capped)
        let lowWidth = (image.width + factor - 1) / factor
        let lowHeight = (image.height + factor - 1) / factor
        width = lowWidth
        height = lowHeight
        self.factor = factor

        // 1. Mean linear luminance per cell, then log2: the shading lives in log space.
        let luminance = Self.cellLuminance(image, factor: factor, lowWidth: lowWidth, lowHeight: lowHeight)
        let logY = luminance.map { log2($0 + 1e-3) }

        // 2. Base layer: edge-preserving smoothing of log-luminance (the shading estimate).
        let shortSide = min(lowWidth, lowHeight)
        let radius = max(2, Int((Float(shortSide) * 0.03).rounded()))
        var base = logY
        for _ in 0..<max(1, plan.filterPasses) {
            base = GuidedFilter.smooth(base, width: lowWidth, height: lowHeight, radius: radius, epsilon: 0.08)
        }

        // 3. A height field for pseudo-normals ("dark is deep"): the base, smoothed further but still
        //    edge-aware, so a hard edge between flat regions stays a step instead of becoming a slope
        //    (a slope would shade a band beside the edge: a halo).
        let heightField = GuidedFilter.smooth(base, width: lowWidth, height: lowHeight, radius: radius * 3, epsilon: 0.04)

        gains = Self.compose(
            base: base, heightField: heightField, width: lowWidth, height: lowHeight, plan: plan
        )
    }

    /// Mean linear luminance of each factor×factor cell of the sRGB image. With cells of 4 rows or more,
    /// every other row is read: the mean barely changes and the pass costs half.
    private static func cellLuminance(_ image: PixelBuffer, factor: Int, lowWidth: Int, lowHeight: Int) -> [Float] {
        let linear = ColorTables.toLinear
        let wr = linear.map { $0 * 0.2126 }, wg = linear.map { $0 * 0.7152 }, wb = linear.map { $0 * 0.0722 }
        var sums = [Float](repeating: 0, count: lowWidth * lowHeight)
        let rowStep = factor >= 4 ? 2 : 1
        let channels = image.channels, width = image.width, height = image.height
        image.bytes.withUnsafeBufferPointer { pixels in
            wr.withUnsafeBufferPointer { r in
                wg.withUnsafeBufferPointer { g in
                    wb.withUnsafeBufferPointer { b in
                        sums.withUnsafeMutableBufferPointer { out in
                            for y in stride(from: 0, to: height, by: rowStep) {
                                let row = pixels.baseAddress! + y * width * channels
                                let cellRow = out.baseAddress! + (y / factor) * lowWidth
                                var x = 0
                                var cell = 0
                                while x < width {
                                    let end = min(width, x + factor)
                                    var sum: Float = 0
                                    var p = row + x * channels
                                    for _ in x..<end {
                                        sum += r[Int(p[0])] + g[Int(p[1])] + b[Int(p[2])]
                                        p += channels
                                    }
                                    cellRow[cell] += sum
                                    cell += 1
                                    x = end
                                }
                            }
                        }
                    }
                }
            }
        }
        // Divide by each cell's pixel count (edge cells may be partial).
        for cy in 0..<lowHeight {
            let first = cy * factor, end = min(height, (cy + 1) * factor)
            let firstRead = (first + rowStep - 1) / rowStep * rowStep
            let rows = Float(max(1, (end - firstRead + rowStep - 1) / rowStep))
            for cx in 0..<lowWidth {
                let columns = Float(min(width, (cx + 1) * factor) - cx * factor)
                sums[cy * lowWidth + cx] /= rows * columns
            }
        }
        return sums
    }
}
