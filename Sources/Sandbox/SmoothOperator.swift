import Foundation
import ImagePixels

/// A known, smooth "relighting" for checking restore (`relight sandbox --engine operator`): a
/// directional gain ramp and a colour shift, applied in linear light.
///
/// The ramp is defined in normalised image coordinates (0…1 across the frame), so it gives the same
/// light at any resolution: applied to a proxy by the sandbox, or directly to the full-resolution
/// original by a test as the ground truth a restored output must match.
public struct SmoothOperator: Sendable, Hashable {
    /// Gain at the frame's darkest point, and how much the ramp adds across the frame.
    public var baseGain: Double
    public var gainSpan: Double
    /// The ramp's direction: weight of "from the left" (1 at the left edge) and of "downward" (1 at the bottom).
    public var fromLeft: Double
    public var downward: Double
    /// Linear-light multipliers per channel (a warm cast by default) and a lift added after them.
    public var colour: SIMD3<Double>
    public var offset: SIMD3<Double>

    /// Bright at the left, rising a little downward, warm, with slightly lifted blue blacks.
    public init(
        baseGain: Double = 0.45, gainSpan: Double = 0.9, fromLeft: Double = 0.7, downward: Double = 0.3,
        colour: SIMD3<Double> = SIMD3(1.10, 0.98, 0.80), offset: SIMD3<Double> = SIMD3(0, 0.002, 0.01)
    ) {
        self.baseGain = baseGain
        self.gainSpan = gainSpan
        self.fromLeft = fromLeft
        self.downward = downward
        self.colour = colour
        self.offset = offset
    }

    /// Where an image lies in the operator's frame, in normalised coordinates. The whole frame is
    /// (0, 0, 1, 1); the original behind a padded proxy is the proxy's content rectangle.
    public struct Placement: Sendable, Hashable {
        public var x: Double, y: Double, width: Double, height: Double

        public init(x: Double, y: Double, width: Double, height: Double) {
            self.x = x
            self.y = y
            self.width = width
            self.height = height
        }

        public static let wholeFrame = Placement(x: 0, y: 0, width: 1, height: 1)
    }

    /// The gain at normalised position (`x`, `y`) of the frame.
    public func gain(x: Double, y: Double) -> Double {
        baseGain + gainSpan * (fromLeft * (1 - x) + downward * y)
    }

    /// `image` relit; alpha is kept as it is. `placement` says which part of the frame the image shows.
    public func apply(to image: PixelBuffer, placement: Placement = .wholeFrame) -> PixelBuffer {
        var out = image
        let c = image.channels, w = image.width, h = image.height
        let toLinear = Self.toLinear, encoded = Self.encoded
        let colour = self.colour, offset = self.offset
        out.bytes.withUnsafeMutableBufferPointer { px in
            for y in 0..<h {
                let yn = placement.y + placement.height * (Double(y) + 0.5) / Double(h)
                for x in 0..<w {
                    let xn = placement.x + placement.width * (Double(x) + 0.5) / Double(w)
                    let g = gain(x: xn, y: yn)
                    let i = (y * w + x) * c
                    for k in 0..<3 {
                        let v = toLinear[Int(px[i + k])] * g * colour[k] + offset[k]
                        px[i + k] = encoded[Int(max(0, min(1, v)) * 65535 + 0.5)]
                    }
                }
            }
        }
        return out
    }

    /// sRGB byte → linear light.
    public static let toLinear: [Double] = (0..<256).map { linear(Double($0) / 255) }
    /// Linear light in 1/65535 steps → sRGB byte.
    static let encoded: [UInt8] = (0...65535).map { encode(Double($0) / 65535) }

    /// sRGB-encoded value (0…1) → linear light.
    public static func linear(_ c: Double) -> Double { c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }

    /// Linear light → sRGB byte, exactly.
    public static func encode(_ v: Double) -> UInt8 {
        let l = max(0, min(1, v))
        let e = l <= 0.0031308 ? l * 12.92 : 1.055 * pow(l, 1 / 2.4) - 0.055
        return UInt8((e * 255).rounded())
    }
}

extension SmoothOperator {
    /// `image` moved by (`dx`, `dy`) whole pixels, edges replicated: a result that is off by a few
    /// pixels, as a model may return it (`relight sandbox --shift`).
    public static func shifted(_ image: PixelBuffer, dx: Int, dy: Int) -> PixelBuffer {
        if dx == 0 && dy == 0 { return image }
        var out = image
        let c = image.channels, w = image.width, h = image.height
        image.bytes.withUnsafeBufferPointer { src in
            out.bytes.withUnsafeMutableBufferPointer { dst in
                for y in 0..<h {
                    let sy = min(h - 1, max(0, y - dy))
                    for x in 0..<w {
                        let sx = min(w - 1, max(0, x - dx))
                        for k in 0..<c { dst[(y * w + x) * c + k] = src[(sy * w + sx) * c + k] }
                    }
                }
            }
        }
        return out
    }
}
