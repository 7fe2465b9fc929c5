extension PixelBuffer {
    /// The image with borders added on each side, filled by mirroring the image at its edges (the
    /// edge pixel itself is not repeated). A model sees a plausible continuation there, never flat
    /// bars, and the borders are cut off again afterwards.
    public func padded(left: Int, top: Int, right: Int, bottom: Int) -> PixelBuffer {
        precondition(left >= 0 && top >= 0 && right >= 0 && bottom >= 0, "negative padding")
        if left == 0 && top == 0 && right == 0 && bottom == 0 { return self }
        let newWidth = width + left + right, newHeight = height + top + bottom
        var out = PixelBuffer(width: newWidth, height: newHeight, layout: layout)
        let c = channels
        let columns = (0..<newWidth).map { Self.mirror($0 - left, count: width) }
        bytes.withUnsafeBufferPointer { src in
            out.bytes.withUnsafeMutableBufferPointer { dst in
                for y in 0..<newHeight {
                    let row = src.baseAddress! + Self.mirror(y - top, count: height) * width * c
                    let target = dst.baseAddress! + y * newWidth * c
                    for x in 0..<newWidth {
                        let from = row + columns[x] * c
                        for k in 0..<c { target[x * c + k] = from[k] }
                    }
                }
            }
        }
        return out
    }

    /// `index` reflected into `0..<count` (…2 1 | 0 1 2 … n-1 | n-2 …), repeatedly for wide borders.
    static func mirror(_ index: Int, count: Int) -> Int {
        guard count > 1 else { return 0 }
        let period = 2 * (count - 1)
        var i = index % period
        if i < 0 { i += period }
        return i < count ? i : period - i
    }
}
