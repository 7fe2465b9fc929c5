import Foundation

extension GainMap {
    /// Turns the base layer into per-channel gains: key light (ramp × pseudo-normal shading), ambient,
    /// optional second (neon) light, backlight rim, tone, vignette, highlight protection and split toning.
    static func compose(base: [Float], heightField: [Float], width: Int, height: Int, plan: LightingPlan) -> [SIMD4<Float>] {
        let count = width * height
        let longSide = Float(max(width, height))
        let aspectX = Float(width) / longSide, aspectY = Float(height) / longSide
        let shortSide = Float(min(width, height))
        let light = plan.direction.map { SIMD3<Float>($0.x * 0.75, $0.y * 0.75, 0.66) } ?? SIMD3(0, 0, 1)
        let lightLength = (light * light).sum().squareRoot()
        let l = light / lightLength
        let l2 = SIMD3<Float>(-l.x, -l.y, l.z)
        let normalGain: Float = 0.06 * shortSide

        var luminanceGain = [Float](repeating: 0, count: count)
        var colour = [SIMD3<Float>](repeating: SIMD3(1, 1, 1), count: count)
        var sum: Double = 0
        for cy in 0..<height {
            let py = (Float(cy) + 0.5) / Float(height) - 0.5
            for cx in 0..<width {
                let i = cy * width + cx
                let px = (Float(cx) + 0.5) / Float(width) - 0.5
                let r = ((2 * px * aspectX) * (2 * px * aspectX) + (2 * py * aspectY) * (2 * py * aspectY)).squareRoot()
                // Pseudo-normal from the height field's gradient.
                let gx = (heightField[cy * width + min(width - 1, cx + 1)] - heightField[cy * width + max(0, cx - 1)]) * 0.5
                let gy = (heightField[min(height - 1, cy + 1) * width + cx] - heightField[max(0, cy - 1) * width + cx]) * 0.5
                // Steep steps are edges between surfaces, not slopes: limit the tilt they can give.
                let tiltX = max(-0.6, min(0.6, -gx * normalGain)), tiltY = max(-0.6, min(0.6, -gy * normalGain))
                var n = SIMD3<Float>(tiltX, tiltY, 1)
                n /= (n * n).sum().squareRoot()
                let nw = plan.normalWeight

                var key: Float
                var second: Float = 0
                if let d = plan.direction {
                    let projection = 2 * (px * d.x + py * d.y)
                    let ramp = smoothstep(-0.85, 0.85, projection)
                    let lambert = min(1.5, max(0, (n * l).sum()) / l.z)
                    key = ramp * (1 - nw + nw * lambert)
                    if plan.secondColor != nil {
                        let lambert2 = min(1.5, max(0, (n * l2).sum()) / l2.z)
                        second = (1 - ramp) * (1 - nw + nw * lambert2)
                    }
                } else {
                    // No direction: a gentle centre-weighted light over soft pseudo-normal shading.
                    key = (1 - 0.6 * smoothstep(0.3, 1.3, r)) * (1 - nw + nw * n.z)
                }
                var ambient = plan.ambient
                if plan.backlit {
                    let edge = min(1, (gx * gx + gy * gy).squareRoot() * shortSide * 0.08)
                    let rim = 0.6 * smoothstep(0.45, 1.2, r) + 0.4 * edge
                    key = plan.direction == nil ? rim : 0.6 * key + 0.5 * rim
                    ambient *= 0.75
                }
                let strength = plan.keyStrength
                let lum = ambient + strength * (key + second)
                var rgb = ambient * plan.ambientColor + strength * key * plan.keyColor
                if let secondColor = plan.secondColor { rgb += strength * second * secondColor }
                colour[i] = rgb / max(1e-4, lum)
                luminanceGain[i] = lum
                sum += Double(lum)
            }
        }
        // Normalise so the lit side (the 75th percentile of the light) keeps about the original exposure;
        // the rest of the frame falls towards the ambient level, as with a real key light.
        let meanGain = Float(sum / Double(max(1, count)))
        let sample = stride(from: 0, to: count, by: max(1, count / 4096)).map { luminanceGain[$0] }.sorted()
        let litGain = sample.isEmpty ? meanGain : sample[min(sample.count - 1, sample.count * 3 / 4)]
        let normaliser = max(1e-3, 0.5 * litGain + 0.5 * meanGain)

        // Contrast pivots on the image's own mid-tone (geometric mean), so it reshapes without shifting exposure.
        let pivot = max(0.02, exp2(base.reduce(0, +) / Float(max(1, count))))
        // pow(max(1e-4, y) / pivot, contrast − 1) is taken in the log domain the base is already in: one exp2
        // per cell instead of a pow, and none when the contrast is 1.
        let exponent = plan.contrast - 1, logPivot = log2(pivot), logFloor = log2(Float(1e-4))
        var gains = [SIMD4<Float>](repeating: SIMD4(1, 1, 1, 0), count: count)
        let teal = ColorTables.tint(0.55, 0.95, 1.0), orange = ColorTables.tint(1.0, 0.72, 0.45)
        for cy in 0..<height {
            let py = (Float(cy) + 0.5) / Float(height) - 0.5
            for cx in 0..<width {
                let i = cy * width + cx
                let px = (Float(cx) + 0.5) / Float(width) - 0.5
                let r = ((2 * px * aspectX) * (2 * px * aspectX) + (2 * py * aspectY) * (2 * py * aspectY)).squareRoot()
                let y = exp2(base[i])
                // Contrast acts below the mid-tone only: more of it deepens shadows, less opens them;
                // highlights are the key light's business.
                var tone = exponent == 0 ? 1 : exp2((max(logFloor, base[i]) - logPivot) * exponent)
                tone = plan.contrast >= 1 ? min(1, max(0.35, tone)) : max(1, min(2.5, tone))
                tone *= 1 + plan.shadowLift * 1.5 * (1 - smoothstep(0, 0.2, y))
                let vignette = 1 - plan.vignette * 0.8 * smoothstep(0.6, 1.45, r)
                var gain = plan.exposure * tone * vignette * luminanceGain[i] / normaliser
                // Protect highlights: roll the relit base off smoothly instead of pushing it past white.
                let target = y * gain
                if target > 0.75 {
                    let rolled = 0.75 + 0.35 * (1 - exp(-(target - 0.75) / 0.35))
                    gain *= rolled / target
                }
                var rgb = colour[i] * gain
                if plan.splitTone > 0 {
                    let t = smoothstep(0.03, 0.35, y * gain)
                    let tint = teal + (orange - teal) * t
                    rgb *= SIMD3(1, 1, 1) + (tint - SIMD3(1, 1, 1)) * plan.splitTone
                }
                rgb = rgb.clamped(lowerBound: SIMD3(repeating: 0.03), upperBound: SIMD3(repeating: 8))
                gains[i] = SIMD4(rgb, 0)
            }
        }
        return gains
    }
}

@inline(__always)
func smoothstep(_ edge0: Float, _ edge1: Float, _ x: Float) -> Float {
    let t = min(1, max(0, (x - edge0) / (edge1 - edge0)))
    return t * t * (3 - 2 * t)
}
