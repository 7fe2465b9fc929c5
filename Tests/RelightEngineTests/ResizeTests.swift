@testable import ImagePixels
import ImageCodecs
import Testing

/// `resized` takes a shortcut for reductions by 4 or more: 2 × 2 block averages first, then the
/// triangle filter on the smaller image. These check the shortcut against the filter alone.
@Suite struct ResizeTests {
    @Test func halvingAveragesEachBlockAndKeepsAnOddEdge() {
        // 5 × 3 RGB: values chosen so that every block mean is distinct and rounding is visible.
        var image = PixelBuffer(width: 5, height: 3, layout: .rgb)
        for i in 0..<image.bytes.count { image.bytes[i] = UInt8((i * 37) % 251) }
        let half = image.halved()
        #expect(half.width == 3 && half.height == 2)
        func sample(_ x: Int, _ y: Int, _ k: Int) -> Int { Int(image.bytes[(y * 5 + x) * 3 + k]) }
        for y in 0..<2 {
            for x in 0..<3 {
                for k in 0..<3 {
                    let xs = [2 * x, min(2 * x + 1, 4)], ys = [2 * y, min(2 * y + 1, 2)]
                    // An odd edge is averaged with itself: its column or row counts twice.
                    let sum = ys.flatMap { row in xs.map { sample($0, row, k) } }.reduce(0, +)
                    #expect(Int(half.bytes[(y * 3 + x) * 3 + k]) == (sum + 2) / 4, "pixel \(x),\(y) channel \(k)")
                }
            }
        }
    }

    @Test(arguments: [PixelLayout.rgb, .rgba])
    func finestStripesBecomeEvenGrey(layout: PixelLayout) {
        // One-pixel black and white stripes must average out, not alias into bands.
        var image = PixelBuffer(width: 640, height: 480, layout: layout)
        let c = image.channels
        for y in 0..<480 {
            for x in 0..<640 {
                let value: UInt8 = (x + y) % 2 == 0 ? 255 : 0
                for k in 0..<c { image.bytes[(y * 640 + x) * c + k] = k == 3 ? 200 : value }
            }
        }
        let small = image.resized(width: 100, height: 75)
        #expect(small.width == 100 && small.height == 75 && small.channels == c)
        for i in 0..<small.bytes.count {
            let expected = i % c == 3 ? 200 : 128
            #expect(abs(Int(small.bytes[i]) - expected) <= 1, "byte \(i) is \(small.bytes[i])")
            if abs(Int(small.bytes[i]) - expected) > 1 { break }
        }
    }

    @Test(arguments: [(160, 106), (40, 27), (150, 100)])
    func theShortcutMatchesTheFilterOnAPhoto(width: Int, height: Int) throws {
        let photo = try ImageDecoder.decode(try Support.fixture("rocket.jpg")).pixels
        let fast = photo.resized(width: width, height: height)
        let reference = photo.filtered(width: width, height: height)
        #expect(fast.width == width && fast.height == height)
        let psnr = RestoreSupport.psnr(fast, reference)
        #expect(psnr >= 38, "\(photo.width)×\(photo.height) → \(width)×\(height): \(psnr) dB against the triangle filter alone")
    }
}
