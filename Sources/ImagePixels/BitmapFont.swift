/// A tiny embedded bitmap font for labels drawn into images (contact sheets): printable ASCII,
/// 5×7 cells with a one-row descender, scaled by whole pixels. Characters it does not have are drawn as `?`.
public struct BitmapFont: Sendable {
    /// Glyph width and height in font cells, and the gap after each glyph.
    public static let glyphWidth = 5, glyphHeight = 8, spacing = 1

    /// How many image pixels one font cell covers.
    public let scale: Int

    public init(scale: Int = 2) {
        self.scale = max(1, scale)
    }

    /// The height of a line of text, in pixels.
    public var lineHeight: Int { Self.glyphHeight * scale }

    /// The horizontal distance from one glyph to the next, in pixels.
    public var advance: Int { (Self.glyphWidth + Self.spacing) * scale }

    /// The width of `text` drawn in this font, in pixels.
    public func width(of text: String) -> Int {
        max(0, text.count * advance - Self.spacing * scale)
    }

    /// `text` shortened with `..` so that it fits in `width` pixels.
    public func fitting(_ text: String, width: Int) -> String {
        guard self.width(of: text) > width else { return text }
        let room = max(0, (width + Self.spacing * scale) / advance - 2)
        return String(text.prefix(room)) + ".."
    }

    /// Draws `text` with its top-left corner at (x, y) in `color` (RGB); ink outside the image is clipped.
    public func draw(_ text: String, into image: inout PixelBuffer, x: Int, y: Int, color: (UInt8, UInt8, UInt8)) {
        let channels = image.channels
        var penX = x
        for character in text {
            let rows = Self.glyphs[character] ?? Self.glyphs["?"]!
            for (row, bits) in rows.enumerated() {
                for column in 0..<Self.glyphWidth where bits & (1 << (Self.glyphWidth - 1 - column)) != 0 {
                    for dy in 0..<scale {
                        let py = y + row * scale + dy
                        guard py >= 0, py < image.height else { continue }
                        for dx in 0..<scale {
                            let px = penX + column * scale + dx
                            guard px >= 0, px < image.width else { continue }
                            let offset = (py * image.width + px) * channels
                            image.bytes[offset] = color.0
                            image.bytes[offset + 1] = color.1
                            image.bytes[offset + 2] = color.2
                            if channels == 4 { image.bytes[offset + 3] = 255 }
                        }
                    }
                }
            }
            penX += advance
        }
    }

    /// Each glyph as eight row bit masks (the leftmost cell is the highest of five bits).
    static let glyphs: [Character: [UInt8]] = glyphRows.mapValues { pattern in
        let rows = pattern.split(separator: "|").map { row in
            row.reduce(UInt8(0)) { ($0 << 1) | ($1 == "#" ? 1 : 0) }
        }
        return rows + Array(repeating: 0, count: max(0, glyphHeight - rows.count))
    }
}
