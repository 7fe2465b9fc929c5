import Foundation
import ImagePixels
import RelightConfig
import RelightEngine
import Sandbox

/// Stand-ins for the cloud model, applied the same way at any resolution.
enum Operators {
    static let toLinear = (0..<256).map { Metrics.linear(Double($0) / 255) }

    /// "ramp": a directional gain and a warm cast (affine in linear light). "tone": a luminance-dependent grade
    /// (teal shadows, warm highlights, lifted blacks) under the same ramp. "engine": the local engine's golden
    /// hour from the left (only for looking at; its gain map depends on resolution, so it has no exact reference).
    static func apply(_ name: String, to image: PixelBuffer) -> PixelBuffer {
        if name == "redraw" {
            // "tone", with the frame's right 40 % replaced by a smooth studio backdrop, as a model that
            // swaps the background does: restore cannot recover it and must fade, not blotch.
            var out = apply("tone", to: image)
            let c = out.channels, w = out.width
            for y in 0..<out.height {
                for x in (w * 6 / 10)..<w {
                    let t = Double(y) / Double(out.height)
                    out.bytes[(y * w + x) * c] = UInt8(90 + 60 * t)
                    out.bytes[(y * w + x) * c + 1] = UInt8(100 + 50 * t)
                    out.bytes[(y * w + x) * c + 2] = UInt8(120 + 40 * t)
                }
            }
            return out
        }
        if name == "ramp" {
            // The sandbox's `--engine operator` and the tests' ground truth.
            return SmoothOperator().apply(to: image)
        }
        if name == "engine" {
            let profile = LightingProfile(name: "bench", prompt: "golden hour sunlight, soft shadows", lightSource: "Left Light", seed: 1)
            return RelightEngine().relighting(image, plan: LightingPlan(profile: profile))
        }
        var out = image
        let c = image.channels, w = image.width, h = image.height
        out.bytes.withUnsafeMutableBufferPointer { px in
            for y in 0..<h {
                let yn = (Double(y) + 0.5) / Double(h)
                for x in 0..<w {
                    let xn = (Double(x) + 0.5) / Double(w)
                    let gain = 0.45 + 0.9 * (0.7 * (1 - xn) + 0.3 * yn)
                    let i = (y * w + x) * c
                    let v = SIMD3(toLinear[Int(px[i])], toLinear[Int(px[i + 1])], toLinear[Int(px[i + 2])])
                    var o: SIMD3<Double>
                    if name == "tone" {
                        let luma = (0.2126 * v.x + 0.7152 * v.y + 0.0722 * v.z).squareRoot()
                        let t = luma * luma * (3 - 2 * luma)
                        let tint = SIMD3<Double>(0.85, 1.0, 1.15) * (1 - t) + SIMD3<Double>(1.15, 1.0, 0.8) * t
                        o = v * gain * tint * (0.8 + 0.5 * t) + SIMD3(0.004, 0.008, 0.012)
                    } else if name == "dim" {
                        o = v * (gain * 0.6) * SIMD3(0.95, 0.9, 0.75)
                    } else if name == "dimoffset" {
                        o = v * (gain * 0.6) * SIMD3(0.95, 0.9, 0.75) + SIMD3(0, 0.002, 0.01)
                    } else {
                        preconditionFailure("unknown operator '\(name)'")
                    }
                    for k in 0..<3 { px[i + k] = Metrics.encode(o[k]) }
                }
            }
        }
        return out
    }

    /// `image` with fixed pseudo-random grain: the fine detail of an enlarged photo (as the tests make it).
    static func grained(_ image: PixelBuffer) -> PixelBuffer { ImageMeasure.grained(image) }
}
