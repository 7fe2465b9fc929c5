extension PixelBuffer {
    /// The `width`×`height` region whose top-left corner is (x, y).
    public func cropped(x: Int, y: Int, width newWidth: Int, height newHeight: Int) -> PixelBuffer {
        precondition(x >= 0 && y >= 0 && x + newWidth <= width && y + newHeight <= height, "crop outside the image")
        var out = PixelBuffer(width: newWidth, height: newHeight, layout: layout)
        let rowLength = newWidth * channels
        bytes.withUnsafeBufferPointer { src in
            out.bytes.withUnsafeMutableBufferPointer { dst in
                for row in 0..<newHeight {
                    let from = src.baseAddress! + ((y + row) * width + x) * channels
                    (dst.baseAddress! + row * rowLength).update(from: from, count: rowLength)
                }
            }
        }
        return out
    }

    /// Scaled to `width`×`height` with a separable triangle filter: bilinear when enlarging, an area-like
    /// average when reducing (its support widens with the reduction, so there is no aliasing).
    public func resized(width newWidth: Int, height newHeight: Int) -> PixelBuffer {
        if newWidth == width && newHeight == height { return self }
        let c = channels
        let horizontal = Taps(input: width, output: newWidth)
        let vertical = Taps(input: height, output: newHeight)
        // Horizontal pass into floats, then vertical pass into bytes.
        var middle = [Float](repeating: 0, count: newWidth * height * c)
        bytes.withUnsafeBufferPointer { src in
            middle.withUnsafeMutableBufferPointer { dst in
                for y in 0..<height {
                    let row = src.baseAddress! + y * width * c
                    let out = dst.baseAddress! + y * newWidth * c
                    for x in 0..<newWidth {
                        let (start, end) = horizontal.range(x)
                        for k in 0..<c {
                            var sum: Float = 0
                            for t in start..<end { sum += Float(row[Int(horizontal.index[t]) * c + k]) * horizontal.weight[t] }
                            out[x * c + k] = sum
                        }
                    }
                }
            }
        }
        var result = PixelBuffer(width: newWidth, height: newHeight, layout: layout)
        let rowLength = newWidth * c
        var accumulator = [Float](repeating: 0, count: rowLength)
        middle.withUnsafeBufferPointer { src in
            result.bytes.withUnsafeMutableBufferPointer { dst in
                accumulator.withUnsafeMutableBufferPointer { acc in
                    for y in 0..<newHeight {
                        for i in 0..<rowLength { acc[i] = 0 }
                        let (start, end) = vertical.range(y)
                        for t in start..<end {
                            let row = src.baseAddress! + Int(vertical.index[t]) * rowLength
                            let w = vertical.weight[t]
                            for i in 0..<rowLength { acc[i] += row[i] * w }
                        }
                        let out = dst.baseAddress! + y * rowLength
                        for i in 0..<rowLength { out[i] = UInt8(max(0, min(255, acc[i].rounded()))) }
                    }
                }
            }
        }
        return result
    }
}

/// Filter taps for one axis: for each output position, a run of (input index, weight) pairs summing to 1.
private struct Taps {
    var starts: [Int] = []
    var index: [Int32] = []
    var weight: [Float] = []

    init(input: Int, output: Int) {
        let ratio = Double(input) / Double(output)
        let support = max(1, ratio)
        starts.reserveCapacity(output + 1)
        for o in 0..<output {
            starts.append(index.count)
            let centre = (Double(o) + 0.5) * ratio - 0.5
            let first = Int((centre - support).rounded(.down)) + 1
            let last = Int((centre + support).rounded(.up)) - 1
            var total: Double = 0
            let begin = index.count
            for i in first...max(first, last) {
                let w = max(0, 1 - abs(Double(i) - centre) / support)
                guard w > 0 else { continue }
                index.append(Int32(min(input - 1, max(0, i))))
                weight.append(Float(w))
                total += w
            }
            if index.count == begin {
                index.append(Int32(min(input - 1, max(0, Int(centre.rounded())))))
                weight.append(1)
                total = 1
            }
            for t in begin..<index.count { weight[t] = Float(Double(weight[t]) / total) }
        }
        starts.append(index.count)
    }

    func range(_ o: Int) -> (Int, Int) { (starts[o], starts[o + 1]) }
}
