import ImagePixels

/// The sums of a least-squares colour fit, lifted into a bilateral grid: (x, y) cells across the frame and
/// bins of the proxy's own luminance, so each vertex sees only pixels that are near it and alike in tone
/// (Chen, Adams and Wadhwa, "Bilateral Guided Upsampling", SIGGRAPH Asia 2016).
///
/// Each vertex holds, in linear light and in `Double`, the weight, the input and output sums, the input's
/// second moments and the input × output cross moments: all a 3 × 4 affine fit needs.
struct BilateralGrid {
    /// Spatial cells; vertices sit on the cell corners, the outer ones on the frame's edges.
    let cellsX: Int
    let cellsY: Int
    /// Luminance vertices, from black (0) to white (depth − 1).
    let depth: Int
    var sums: [Double]

    /// Layout of one vertex's sums: then the position (x, y in cells) and its moments with itself, the input
    /// and the output, so the fit can tell a gain that changes across the window from a colour slope.
    static let stride = 39
    static let weight = 0, input = 1, output = 4, inputSquares = 7, cross = 13, position = 22

    var vertexCount: Int { (cellsX + 1) * (cellsY + 1) * depth }

    /// Cells for a `width`×`height` frame: about `cells` in all, roughly square.
    static func cells(width: Int, height: Int, total: Int) -> (x: Int, y: Int) {
        let aspect = Double(width) / Double(height)
        let x = max(1, Int((Double(total) * aspect).squareRoot().rounded()))
        let y = max(1, Int((Double(total) / aspect).squareRoot().rounded()))
        return (x, y)
    }

    func index(x: Int, y: Int, z: Int) -> Int { ((y * (cellsX + 1) + x) * depth + z) }

    /// Splats every proxy pixel with its aligned result colour into the vertex nearest to (x, y, luminance).
    init(proxy: PixelBuffer, result: PixelBuffer, alignment: GlobalAlignment, cellsX: Int, cellsY: Int, depth: Int) {
        self.cellsX = cellsX
        self.cellsY = cellsY
        self.depth = depth
        sums = [Double](repeating: 0, count: (cellsX + 1) * (cellsY + 1) * depth * Self.stride)

        let map = alignment.mapper(
            proxyWidth: proxy.width, proxyHeight: proxy.height, resultWidth: result.width, resultHeight: result.height
        )
        let linear = ColorTables.toLinear
        let lumaTables = LumaTables(depth: depth)
        let pc = proxy.channels, rc = result.channels, rw = result.width, rh = result.height
        // Per proxy column: the grid column, and where the result is sampled (or −1 when outside it).
        var gridColumn = [Int](repeating: 0, count: proxy.width)
        var gridX = [Double](repeating: 0, count: proxy.width)
        var sampleColumn = [Int](repeating: -1, count: proxy.width)
        var sampleWeight = [Float](repeating: 0, count: proxy.width)
        for x in 0..<proxy.width {
            gridX[x] = (Double(x) + 0.5) / Double(proxy.width) * Double(cellsX)
            gridColumn[x] = Int(gridX[x] + 0.5)
            let q = map.x(x)
            guard q >= -0.01, q <= Double(rw - 1) + 0.01 else { continue }
            let q0 = min(max(0, Int(q)), max(0, rw - 2))
            sampleColumn[x] = q0
            sampleWeight[x] = rw > 1 ? Float(min(1, max(0, q - Double(q0)))) : 0
        }
        let rowStride = cellsX + 1
        linear.withUnsafeBufferPointer { lin in
            proxy.bytes.withUnsafeBufferPointer { pp in
                result.bytes.withUnsafeBufferPointer { rp in
                    sums.withUnsafeMutableBufferPointer { acc in
                        for y in 0..<proxy.height {
                            let q = map.y(y)
                            guard q >= -0.01, q <= Double(rh - 1) + 0.01 else { continue }
                            let r0 = min(max(0, Int(q)), max(0, rh - 2)), r1 = min(rh - 1, r0 + 1)
                            let wy = Float(min(1, max(0, q - Double(r0))))
                            let py = (Double(y) + 0.5) / Double(proxy.height) * Double(cellsY)
                            let gy = Int(py + 0.5)
                            let top = rp.baseAddress! + r0 * rw * rc, bottom = rp.baseAddress! + r1 * rw * rc
                            let source = pp.baseAddress! + y * proxy.width * pc
                            for x in 0..<proxy.width {
                                let c0 = sampleColumn[x]
                                guard c0 >= 0 else { continue }
                                let c1 = min(rw - 1, c0 + 1), wx = sampleWeight[x]
                                let p = source + x * pc
                                let i0 = Double(lin[Int(p[0])]), i1 = Double(lin[Int(p[1])]), i2 = Double(lin[Int(p[2])])
                                var o = SIMD3<Float>(repeating: 0)
                                for k in 0..<3 {
                                    let a = lin[Int(top[c0 * rc + k])], b = lin[Int(top[c1 * rc + k])]
                                    let c = lin[Int(bottom[c0 * rc + k])], d = lin[Int(bottom[c1 * rc + k])]
                                    o[k] = (a + (b - a) * wx) * (1 - wy) + (c + (d - c) * wx) * wy
                                }
                                let o0 = Double(o.x), o1 = Double(o.y), o2 = Double(o.z)
                                let gz = Int(lumaTables.z(p[0], p[1], p[2]) + 0.5)
                                let s = acc.baseAddress! + ((gy * rowStride + gridColumn[x]) * depth + gz) * Self.stride
                                s[0] += 1
                                s[1] += i0; s[2] += i1; s[3] += i2
                                s[4] += o0; s[5] += o1; s[6] += o2
                                s[7] += i0 * i0; s[8] += i0 * i1; s[9] += i0 * i2
                                s[10] += i1 * i1; s[11] += i1 * i2; s[12] += i2 * i2
                                s[13] += i0 * o0; s[14] += i0 * o1; s[15] += i0 * o2
                                s[16] += i1 * o0; s[17] += i1 * o1; s[18] += i1 * o2
                                s[19] += i2 * o0; s[20] += i2 * o1; s[21] += i2 * o2
                                let px = gridX[x]
                                s[22] += px; s[23] += py
                                s[24] += px * px; s[25] += px * py; s[26] += py * py
                                s[27] += px * i0; s[28] += px * i1; s[29] += px * i2
                                s[30] += py * i0; s[31] += py * i1; s[32] += py * i2
                                s[33] += px * o0; s[34] += px * o1; s[35] += px * o2
                                s[36] += py * o0; s[37] += py * o1; s[38] += py * o2
                            }
                        }
                    }
                }
            }
        }
    }

    /// The sums over the whole grid: the frame's own global fit.
    var total: [Double] {
        var t = [Double](repeating: 0, count: Self.stride)
        for v in 0..<vertexCount {
            for k in 0..<Self.stride { t[k] += sums[v * Self.stride + k] }
        }
        return t
    }

    /// One pass of a [1, 2, 1] / 4 blur along x, y and luminance (edges replicated), so each vertex's fit
    /// also draws on its neighbours and sparse vertices borrow their data.
    mutating func blur() {
        let sx = depth * Self.stride, sy = (cellsX + 1) * sx, sz = Self.stride
        blurAxis(count: cellsX + 1, step: sx)
        blurAxis(count: cellsY + 1, step: sy)
        blurAxis(count: depth, step: sz)
    }

    private mutating func blurAxis(count: Int, step: Int) {
        guard count > 1 else { return }
        let original = sums
        let total = sums.count
        original.withUnsafeBufferPointer { src in
            sums.withUnsafeMutableBufferPointer { dst in
                for i in 0..<total {
                    // The position of element i along this axis.
                    let position = (i / step) % count
                    let previous = position > 0 ? i - step : i
                    let next = position < count - 1 ? i + step : i
                    dst[i] = 0.25 * src[previous] + 0.5 * src[i] + 0.25 * src[next]
                }
            }
        }
    }
}
