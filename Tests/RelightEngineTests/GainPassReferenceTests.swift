import ImageCodecs
import ImagePixels
@testable import RelightEngine
import Testing

/// The relight's full-resolution pass against a plain per-pixel reference written from its definition:
/// each pixel's gain is the gain map bilinearly upsampled (cell centres at (i + 0.5)·factor), rounded to
/// 1/4096 steps, and each 8-bit sample is multiplied by it in linear light and encoded back to sRGB. The
/// same bytes, for every kernel, on odd sizes whose last cells are partial.
@Suite struct GainPassReferenceTests {
    static func reference(_ image: PixelBuffer, _ map: GainMap) -> [UInt8] {
        let factor = Float(map.factor), width = image.width, channels = image.channels
        let lin = ColorTables.toLinear16, srgb = ColorTables.toSRGB
        func position(_ i: Int, _ cells: Int) -> (Int, Int, Float) {
            let u = max(0, (Float(i) + 0.5) / factor - 0.5)
            let i0 = min(cells - 1, Int(u)), i1 = min(cells - 1, i0 + 1)
            return (i0, i1, i1 > i0 ? ((u - Float(i0)) * 256).rounded() : 0)
        }
        /// Gain-map row `j` at column `x`, fixed point, as the pass upsamples it.
        func rowGain(_ j: Int, _ x: Int) -> SIMD3<Int32> {
            let (x0, x1, wx) = position(x, map.width)
            let a = map.gains[j * map.width + x0], b = map.gains[j * map.width + x1]
            let value = (a + (b - a) * (wx / 256)) * 4096
            return SIMD3(Int32(min(value.x, 32767)), Int32(min(value.y, 32767)), Int32(min(value.z, 32767)))
        }
        var out = image.bytes
        for y in 0..<image.height {
            let (y0, y1, wy) = position(y, map.height)
            for x in 0..<width {
                let upper = rowGain(y0, x), lower = rowGain(y1, x)
                let gain = upper &+ (((lower &- upper) &* Int32(wy)) &>> 8)
                for c in 0..<3 {
                    let i = (y * width + x) * channels + c
                    out[i] = srgb[Int((UInt32(lin[Int(image.bytes[i])]) * UInt32(gain[c])) >> 12)]
                }
            }
        }
        return out
    }

    @Test func theFullResolutionPassIsTheUpsampledGainAppliedPixelByPixel() throws {
        let photo = try ImageDecoder.decode(try Support.fixture("rocket.jpg")).pixels
        for image in [photo.cropped(x: 3, y: 1, width: 331, height: 213), photo.cropped(x: 0, y: 0, width: 97, height: 61).withAlpha()] {
            let plan = LightingPlan(profile: Support.profile("golden hour", light: "Left Light", seed: 5))
            let map = GainMap(image: image, plan: plan)
            #expect(map.factor > 1, "the map is smaller than the image: the upsampling is exercised")
            let expected = Self.reference(image, map)
            for kernel in [PixelKernel.portable, .vector, .wide] where kernel.isAvailable {
                var relit = image
                RelightEngine(threads: 2, kernel: kernel).apply(map, to: &relit)
                let same = relit.bytes == expected
                #expect(same, "\(image.width)×\(image.height), \(image.channels) channels, \(kernel)")
            }
        }
    }
}
