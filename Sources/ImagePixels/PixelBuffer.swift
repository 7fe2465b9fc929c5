/// An 8-bit, interleaved, top-down RGB or RGBA image in one contiguous buffer.
///
/// Colour values are sRGB-encoded; alpha, when present, is straight (not premultiplied).
public struct PixelBuffer: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let layout: PixelLayout
    /// `height` rows of `width * layout.channels` bytes, with no padding.
    public var bytes: [UInt8]

    /// A buffer of the given size, filled with zeros.
    public init(width: Int, height: Int, layout: PixelLayout) {
        precondition(width > 0 && height > 0, "a pixel buffer needs a positive size")
        self.width = width
        self.height = height
        self.layout = layout
        self.bytes = [UInt8](repeating: 0, count: width * height * layout.channels)
    }

    /// Wraps existing bytes; `bytes.count` must equal `width * height * layout.channels`.
    public init(width: Int, height: Int, layout: PixelLayout, bytes: [UInt8]) {
        precondition(bytes.count == width * height * layout.channels, "pixel data does not match the size")
        self.width = width
        self.height = height
        self.layout = layout
        self.bytes = bytes
    }

    public var channels: Int { layout.channels }
    public var rowBytes: Int { width * layout.channels }
    public var pixelCount: Int { width * height }

    /// The channel values of the pixel at (x, y).
    public func pixel(x: Int, y: Int) -> [UInt8] {
        let start = (y * width + x) * channels
        return Array(bytes[start..<(start + channels)])
    }
}

/// The channels of a ``PixelBuffer``.
public enum PixelLayout: Sendable, Equatable {
    case rgb
    case rgba

    public var channels: Int {
        switch self {
        case .rgb: 3
        case .rgba: 4
        }
    }

    public var hasAlpha: Bool { self == .rgba }
}
