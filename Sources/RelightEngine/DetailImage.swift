import Foundation
import ImagePixels

/// The detail of a small image for registration: log-luminance minus its local mean, so a smooth change
/// of light or colour leaves it nearly unchanged while edges and texture stay.
struct DetailImage {
    let width: Int
    let height: Int
    var values: [Float]

    init(_ image: PixelBuffer) {
        width = image.width
        height = image.height
        let linear = ColorTables.toLinear
        var logY = [Float](repeating: 0, count: image.pixelCount)
        let c = image.channels
        image.bytes.withUnsafeBufferPointer { px in
            for i in 0..<image.pixelCount {
                let y = 0.2126 * linear[Int(px[i * c])] + 0.7152 * linear[Int(px[i * c + 1])] + 0.0722 * linear[Int(px[i * c + 2])]
                logY[i] = log2(y + 1.0 / 256)
            }
        }
        let mean = BoxFilter.mean(logY, width: width, height: height, radius: 2)
        values = zip(logY, mean).map { $0 - $1 }
    }

    private init(width: Int, height: Int, values: [Float]) {
        self.width = width
        self.height = height
        self.values = values
    }

    /// This image resampled (bilinearly) so that output pixel p shows input pixel centre + s × (p − centre).
    func scaled(_ s: Double) -> DetailImage {
        guard s != 1 else { return self }
        let cx = Double(width - 1) / 2, cy = Double(height - 1) / 2
        // Where each column samples is the same in every row: worked out once (the scale search resamples
        // eight times per fit).
        var columns = [Int](repeating: 0, count: width), columnWeights = [Float](repeating: 0, count: width)
        for x in 0..<width {
            let u = min(Double(width - 1), max(0, cx + s * (Double(x) - cx)))
            columns[x] = min(width - 2, Int(u))
            columnWeights[x] = Float(u - Double(columns[x]))
        }
        let out = [Float](unsafeUninitializedCapacity: values.count) { buffer, count in
            values.withUnsafeBufferPointer { src in
                for y in 0..<height {
                    let v = min(Double(height - 1), max(0, cy + s * (Double(y) - cy)))
                    let y0 = min(height - 2, Int(v)), wy = Float(v - Double(y0))
                    let upper = src.baseAddress! + y0 * width, lower = upper + width
                    for x in 0..<width {
                        let x0 = columns[x], wx = columnWeights[x]
                        let top = upper[x0] * (1 - wx) + upper[x0 + 1] * wx
                        let bottom = lower[x0] * (1 - wx) + lower[x0 + 1] * wx
                        buffer[y * width + x] = top * (1 - wy) + bottom * wy
                    }
                }
            }
            count = values.count
        }
        return DetailImage(width: width, height: height, values: out)
    }

    /// Σ a·b and Σ b² over `rows` × `columns` of two images `width` apart per row (`b` already offset by the
    /// shift), in sixteen lanes: a sum carried in one register waits on the previous add for every pixel.
    @inline(__always)
    static func correlate(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, width: Int, rows: Range<Int>, columns: Range<Int>
    ) -> (cross: Float, energy: Float) {
        var cross = SIMD16<Float>(), energy = SIMD16<Float>()
        var crossTail: Float = 0, energyTail: Float = 0
        let vectorEnd = columns.lowerBound + (columns.count / 16) * 16
        for y in rows {
            let rowA = UnsafeRawPointer(a + y * width), rowB = UnsafeRawPointer(b + y * width)
            var x = columns.lowerBound
            while x < vectorEnd {
                let av = rowA.loadUnaligned(fromByteOffset: x * 4, as: SIMD16<Float>.self)
                let bv = rowB.loadUnaligned(fromByteOffset: x * 4, as: SIMD16<Float>.self)
                cross += av * bv
                energy += bv * bv
                x += 16
            }
            for x in vectorEnd..<columns.upperBound {
                let bv = b[y * width + x]
                crossTail += a[y * width + x] * bv
                energyTail += bv * bv
            }
        }
        return (cross.sum() + crossTail, energy.sum() + energyTail)
    }

    /// The shift d (within `radius` of `around`, rounded to whole pixels, then refined to sub-pixel) that
    /// maximises the normalised correlation of self(p) with other.scaled(scale)(p + d), over self's interior.
    func search(_ other: DetailImage, around: (x: Double, y: Double), radius: Int, scale: Double) -> (score: Double, x: Double, y: Double) {
        let b = other.scaled(scale)
        let cx = Int(around.x.rounded()), cy = Int(around.y.rounded())
        let margin = radius + 1
        // Every shift in the window must keep the compared region inside `other`.
        let x0 = max(margin, radius - cx), x1 = min(width - margin, width - cx - radius)
        let y0 = max(margin, radius - cy), y1 = min(height - margin, height - cy - radius)
        guard x1 - x0 >= 4, y1 - y0 >= 4 else { return (-1, around.x, around.y) }
        var scores = [Double](repeating: -2, count: (2 * radius + 1) * (2 * radius + 1))
        values.withUnsafeBufferPointer { pa in
            b.values.withUnsafeBufferPointer { pb in
                var energyA: Float = 0
                for y in y0..<y1 { for x in x0..<x1 { energyA += pa[y * width + x] * pa[y * width + x] } }
                for dy in -radius...radius {
                    for dx in -radius...radius {
                        let (cross, energyB) = Self.correlate(
                            pa.baseAddress!, pb.baseAddress! + (cy + dy) * width + cx + dx, width: width, rows: y0..<y1, columns: x0..<x1)
                        let denominator = (Double(energyA) * Double(energyB)).squareRoot()
                        scores[(dy + radius) * (2 * radius + 1) + dx + radius] = denominator > 0 ? Double(cross) / denominator : 0
                    }
                }
            }
        }
        let side = 2 * radius + 1
        let bestIndex = scores.indices.max { scores[$0] < scores[$1] }!
        let bx = bestIndex % side, by = bestIndex / side
        /// Vertex of the parabola through three neighbouring scores, clamped to half a pixel.
        func vertex(_ minus: Double?, _ centre: Double, _ plus: Double?) -> Double {
            guard let minus, let plus else { return 0 }
            let curvature = minus - 2 * centre + plus
            guard curvature < 0 else { return 0 }
            return max(-0.5, min(0.5, 0.5 * (minus - plus) / curvature))
        }
        let s = scores[bestIndex]
        let fx = vertex(bx > 0 ? scores[bestIndex - 1] : nil, s, bx < side - 1 ? scores[bestIndex + 1] : nil)
        let fy = vertex(by > 0 ? scores[bestIndex - side] : nil, s, by < side - 1 ? scores[bestIndex + side] : nil)
        return (s, Double(cx + bx - radius) + fx, Double(cy + by - radius) + fy)
    }
}
