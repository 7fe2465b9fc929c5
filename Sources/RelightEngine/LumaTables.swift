/// sRGB bytes → the grid's luminance coordinate, 0...depth − 1, as three tables summed.
///
/// The coordinate is the Rec. 709 luma of the sRGB-encoded values, so bins are even in perceived
/// lightness: linear luminance would crowd most of a photo into the lowest bin.
struct LumaTables {
    let red: [Float]
    let green: [Float]
    let blue: [Float]

    init(depth: Int) {
        let scale = Float(depth - 1) / 255
        red = (0..<256).map { Float($0) * 0.2126 * scale }
        green = (0..<256).map { Float($0) * 0.7152 * scale }
        blue = (0..<256).map { Float($0) * 0.0722 * scale }
    }

    @inline(__always)
    func z(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Float {
        red[Int(r)] + green[Int(g)] + blue[Int(b)]
    }
}
