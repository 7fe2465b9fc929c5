import Foundation
import ImageCodecs
import ImagePixels
import RelightEngine
import Testing

/// Restore against a known answer: a smooth relighting applied directly to the full-resolution original is
/// the reference; the same relighting of a ~1 MP proxy plays the cloud model's result.
@Suite struct RestoreTests {
    /// The 1920×1281 original, its 1280×854 proxy (1.1 MP), the reference and the "model result", made once.
    struct Scenario: Sendable {
        let original: PixelBuffer
        let proxy: PixelBuffer
        let reference: PixelBuffer
        let result: PixelBuffer

        static let shared: Scenario = {
            let original = try! RestoreSupport.original()
            let proxy = original.resized(width: original.width * 2 / 3, height: original.height * 2 / 3)
            return Scenario(
                original: original, proxy: proxy,
                reference: RestoreSupport.relight(original), result: RestoreSupport.relight(proxy)
            )
        }()
    }

    @Test func restoresASmoothRelightingAtFullResolution() {
        let s = Scenario.shared
        let model = Restore.fit(proxy: s.proxy, result: s.result)
        let restored = model.applied(to: s.original, threads: 2)
        let psnr = RestoreSupport.psnr(restored, s.reference)
        let upscaled = RestoreSupport.psnr(s.result.resized(width: s.original.width, height: s.original.height), s.reference)
        #expect(psnr >= 35, "restored \(psnr) dB")
        #expect(psnr >= upscaled + 6, "restored \(psnr) dB, upscaled result \(upscaled) dB")
        // The fine detail is the camera's, at the reference's strength: neither lost nor sharpened.
        let energy = RestoreSupport.laplacianEnergy(restored), target = RestoreSupport.laplacianEnergy(s.reference)
        #expect(abs(energy / target - 1) <= 0.10, "Laplacian energy \(energy) against \(target)")
        #expect(abs(model.alignment.shiftX) < 0.3 && abs(model.alignment.shiftY) < 0.3)
    }

    @Test func aShiftedResultIsRealignedFirst() {
        let s = Scenario.shared
        let moved = RestoreSupport.shifted(s.result, dx: 3, dy: -3)
        let model = Restore.fit(proxy: s.proxy, result: moved)
        #expect(abs(model.alignment.shiftX - 3) < 0.3 && abs(model.alignment.shiftY + 3) < 0.3, "\(model.alignment)")
        let psnr = RestoreSupport.psnr(model.applied(to: s.original, threads: 2), s.reference)
        #expect(psnr >= 32, "restored \(psnr) dB")
    }

    @Test func aResultOfSlightlyDifferentSizeIsScaledToFit() {
        let s = Scenario.shared
        let resized = s.result.resized(width: s.result.width + 16, height: s.result.height + 11)
        let model = Restore.fit(proxy: s.proxy, result: resized)
        let psnr = RestoreSupport.psnr(model.applied(to: s.original, threads: 2), s.reference)
        #expect(psnr >= 33, "restored \(psnr) dB, alignment \(model.alignment)")
    }

    @Test func aSlightlyZoomedResultIsScaledBack() {
        // The model returned the frame zoomed in by about 0.95 %: its centre 1268×846 enlarged to 1280×854.
        let s = Scenario.shared
        let w = s.result.width, h = s.result.height
        let cw = 1268, ch = 846
        let zoomed = s.result.cropped(x: (w - cw) / 2, y: (h - ch) / 2, width: cw, height: ch).resized(width: w, height: h)
        let model = Restore.fit(proxy: s.proxy, result: zoomed)
        #expect(abs(model.alignment.scale - Double(w) / Double(cw)) < 0.004, "\(model.alignment)")
        let psnr = RestoreSupport.psnr(model.applied(to: s.original, threads: 2), s.reference)
        #expect(psnr >= 33, "restored \(psnr) dB, alignment \(model.alignment)")
    }

    @Test func theIdentityGivesBackTheOriginal() {
        let s = Scenario.shared
        let restored = Restore.fit(proxy: s.proxy, result: s.proxy).applied(to: s.original, threads: 2)
        let psnr = RestoreSupport.psnr(restored, s.original)
        #expect(psnr >= 45, "identity \(psnr) dB")
    }

    @Test func bandsOnSeveralThreadsGiveTheSameBytes() throws {
        let original = try Support.portrait()
        let proxy = original.resized(width: 128, height: 128)
        let model = Restore.fit(proxy: proxy, result: RestoreSupport.relight(proxy))
        #expect(model.applied(to: original, threads: 1) == model.applied(to: original, threads: 3))
    }

    @Test func inPlaceAndCopyGiveTheSameBytes() throws {
        // `applied(to:)` writes a new buffer from the original; `apply(to:)` works in place: one kernel, same output.
        var original = try Support.portrait().withAlpha()
        for i in 0..<original.pixelCount { original.bytes[i * 4 + 3] = UInt8((i * 5) % 256) }
        let proxy = original.resized(width: 128, height: 128)
        let model = Restore.fit(proxy: proxy, result: RestoreSupport.relight(proxy))
        var inPlace = original
        model.apply(to: &inPlace, threads: 2)
        let same = inPlace == model.applied(to: original)
        #expect(same)
        var deep = PixelBuffer16(original)
        model.apply(to: &deep)
        let sameDeep = deep == model.applied(to: PixelBuffer16(original), threads: 3)
        #expect(sameDeep)
    }

    @Test func alphaIsKeptFromTheOriginal() throws {
        var original = try Support.portrait().withAlpha()
        for i in 0..<original.pixelCount { original.bytes[i * 4 + 3] = UInt8((i * 7) % 256) }
        let proxy = original.resized(width: 128, height: 128)
        let result = RestoreSupport.relight(proxy)
        let restored = Restore.fit(proxy: proxy, result: result).applied(to: original)
        #expect(restored.layout == .rgba)
        let alphaKept = (0..<original.pixelCount).allSatisfy { (i: Int) -> Bool in restored.bytes[i * 4 + 3] == original.bytes[i * 4 + 3] }
        #expect(alphaKept)
        #expect(RestoreSupport.psnr(restored, RestoreSupport.relight(original)) >= 33)
    }

    @Test func aGrayscaleOriginalTakesTheModelsColour() throws {
        var gray = try RestoreSupport.original(factor: 2)
        for i in 0..<gray.pixelCount {
            let r: Int = 54 * Int(gray.bytes[i * 3]), g: Int = 183 * Int(gray.bytes[i * 3 + 1]), b: Int = 19 * Int(gray.bytes[i * 3 + 2])
            let v = UInt8((r + g + b) / 256)
            gray.bytes[i * 3] = v
            gray.bytes[i * 3 + 1] = v
            gray.bytes[i * 3 + 2] = v
        }
        let proxy = gray.resized(width: gray.width / 2, height: gray.height / 2)
        let restored = Restore.fit(proxy: proxy, result: RestoreSupport.relight(proxy)).applied(to: gray)
        let psnr = RestoreSupport.psnr(restored, RestoreSupport.relight(gray))
        #expect(psnr >= 35, "grayscale \(psnr) dB")
    }

    @Test func blackAndWhiteStayFinite() throws {
        // Half black, half white, with a dark and a bright gradient between: no division blows up.
        var original = PixelBuffer(width: 400, height: 300, layout: .rgb)
        for y in 0..<300 {
            for x in 0..<400 {
                let v: UInt8 = x < 150 ? UInt8(x / 30) : (x >= 250 ? 255 : UInt8(min(255, 150 + (x - 150))))
                for k in 0..<3 { original.bytes[(y * 400 + x) * 3 + k] = y % 7 == 0 ? v / 2 : v }
            }
        }
        let proxy = original.resized(width: 200, height: 150)
        let restored = Restore.fit(proxy: proxy, result: RestoreSupport.relight(proxy)).applied(to: original)
        #expect(RestoreSupport.psnr(restored, RestoreSupport.relight(original)) >= 35)
    }

    @Test func aRedrawnRegionStaysLocal() {
        // The model replaced a block of the frame with a flat colour: the rest restores as before.
        let s = Scenario.shared
        var redrawn = s.result
        let w = redrawn.width
        for y in 100..<400 {
            for x in 100..<500 {
                redrawn.bytes[(y * w + x) * 3] = 40
                redrawn.bytes[(y * w + x) * 3 + 1] = 160
                redrawn.bytes[(y * w + x) * 3 + 2] = 90
            }
        }
        let restored = Restore.fit(proxy: s.proxy, result: redrawn).applied(to: s.original, threads: 2)
        // Right half of the frame, well clear of the redrawn block (which ends at x = 750 at full size).
        let x0 = s.original.width * 5 / 8, width = s.original.width - x0
        let part = restored.cropped(x: x0, y: 0, width: width, height: s.original.height)
        let reference = s.reference.cropped(x: x0, y: 0, width: width, height: s.original.height)
        #expect(RestoreSupport.psnr(part, reference) >= 35)
    }

    @Test func tinyAndOddImagesDoNotTrap() {
        // A 3×2 result with alpha, a 5×4 original: no search room, nearly empty grid, still a sane output.
        var original = PixelBuffer(width: 5, height: 4, layout: .rgb)
        for i in original.bytes.indices { original.bytes[i] = UInt8((i * 37) % 256) }
        let result = RestoreSupport.relight(original.resized(width: 3, height: 2)).withAlpha()
        let restored = Restore.restore(original, result: result, threads: 4)
        #expect(restored.width == 5 && restored.height == 4 && restored.layout == .rgb)
        let model = Restore.fit(proxy: original.resized(width: 3, height: 2), result: result)
        #expect(model.alignment == .identity)
    }
}
