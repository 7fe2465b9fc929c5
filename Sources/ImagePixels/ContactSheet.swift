/// A grid of labelled images on one canvas: `relight preview`'s contact sheet.
///
/// Every cell is a label strip above a square box of `cellSize` pixels; an image is scaled to fit
/// its box and centred. The sheet's size follows from the grid alone:
/// `gap + columns × (cellSize + gap)` wide and `gap + rows × (labelHeight + cellSize + gap)` high.
public struct ContactSheet: Sendable {
    public let rows: Int
    public let columns: Int
    /// The longest side of an image box, in pixels.
    public let cellSize: Int
    public let gap: Int
    public let font: BitmapFont
    /// The finished sheet (RGB).
    public private(set) var pixels: PixelBuffer

    public static let background: (UInt8, UInt8, UInt8) = (24, 24, 26)
    public static let labelBackground: (UInt8, UInt8, UInt8) = (48, 48, 52)
    public static let labelInk: (UInt8, UInt8, UInt8) = (240, 240, 240)

    public init(rows: Int, columns: Int, cellSize: Int = 480, gap: Int = 8, font: BitmapFont = BitmapFont(scale: 2)) {
        self.rows = max(1, rows)
        self.columns = max(1, columns)
        self.cellSize = max(16, cellSize)
        self.gap = max(0, gap)
        self.font = font
        let width = self.gap + self.columns * (self.cellSize + self.gap)
        let height = self.gap + self.rows * (Self.labelHeight(font) + self.cellSize + self.gap)
        pixels = PixelBuffer(width: width, height: height, layout: .rgb)
        fill(x: 0, y: 0, width: width, height: height, Self.background)
    }

    /// The height of a label strip for `font`: the text with a few pixels above and below.
    public static func labelHeight(_ font: BitmapFont) -> Int { font.lineHeight + 4 * font.scale }

    public var labelHeight: Int { Self.labelHeight(font) }

    /// The top-left corner of a cell's label strip.
    public func origin(row: Int, column: Int) -> (x: Int, y: Int) {
        (gap + column * (cellSize + gap), gap + row * (labelHeight + cellSize + gap))
    }

    /// Puts `image` (any size, RGB or RGBA) in the cell at `row`, `column`, under `label`.
    public mutating func place(_ image: PixelBuffer, row: Int, column: Int, label: String) {
        let (x, y) = origin(row: row, column: column)
        fill(x: x, y: y, width: cellSize, height: labelHeight, Self.labelBackground)
        let text = font.fitting(label, width: cellSize - 4 * font.scale)
        font.draw(text, into: &pixels, x: x + 2 * font.scale, y: y + 2 * font.scale, color: Self.labelInk)
        let fitted = Self.fit(image.layout == .rgba ? image.flattened() : image, within: cellSize)
        let left = x + (cellSize - fitted.width) / 2
        let top = y + labelHeight + (cellSize - fitted.height) / 2
        copy(fitted, x: left, y: top)
    }

    /// Writes a message in place of an image, for a cell that could not be rendered.
    public mutating func placeMessage(_ message: String, row: Int, column: Int, label: String) {
        let (x, y) = origin(row: row, column: column)
        fill(x: x, y: y, width: cellSize, height: labelHeight, Self.labelBackground)
        font.draw(font.fitting(label, width: cellSize - 4 * font.scale), into: &pixels, x: x + 2 * font.scale, y: y + 2 * font.scale, color: Self.labelInk)
        font.draw(font.fitting(message, width: cellSize - 4 * font.scale), into: &pixels, x: x + 2 * font.scale, y: y + labelHeight + cellSize / 2, color: (230, 120, 110))
    }

    /// `image` scaled down (never up) so that its longest side is at most `size`.
    public static func fit(_ image: PixelBuffer, within size: Int) -> PixelBuffer {
        let longest = max(image.width, image.height)
        guard longest > size else { return image }
        let scale = Double(size) / Double(longest)
        return image.resized(
            width: max(1, Int((Double(image.width) * scale).rounded())), height: max(1, Int((Double(image.height) * scale).rounded())))
    }

    private mutating func fill(x: Int, y: Int, width: Int, height: Int, _ color: (UInt8, UInt8, UInt8)) {
        let sheetWidth = pixels.width
        pixels.bytes.withUnsafeMutableBufferPointer { bytes in
            for row in y..<(y + height) {
                for column in x..<(x + width) {
                    let offset = (row * sheetWidth + column) * 3
                    bytes[offset] = color.0
                    bytes[offset + 1] = color.1
                    bytes[offset + 2] = color.2
                }
            }
        }
    }

    private mutating func copy(_ image: PixelBuffer, x: Int, y: Int) {
        let rowLength = image.width * 3
        let sheetWidth = pixels.width
        image.bytes.withUnsafeBufferPointer { source in
            pixels.bytes.withUnsafeMutableBufferPointer { sheet in
                for row in 0..<image.height {
                    let from = source.baseAddress! + row * rowLength
                    (sheet.baseAddress! + ((y + row) * sheetWidth + x) * 3).update(from: from, count: rowLength)
                }
            }
        }
    }
}
