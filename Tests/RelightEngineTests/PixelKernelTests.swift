import ImageCodecs
import ImagePixels
import RelightConfig
import RelightEngine
import Testing

/// The AVX2 and AVX-512 restore kernels against the one-pixel-at-a-time loop they mirror: the same bytes,
/// pixel for pixel, on real photos, with alpha, odd widths (every cell ends in a partial vector) and
/// grids that push outputs far out of range.
@Suite(.enabled(if: PixelKernel.vectorAvailable, "this CPU has no AVX2; only the portable kernels run"))
struct PixelKernelTests {
    /// The index of the first differing byte and how many differ, or nil when the buffers match.
    static func difference(_ a: PixelBuffer, _ b: PixelBuffer) -> (first: Int, count: Int)? {
        guard a.width == b.width, a.height == b.height, a.layout == b.layout else { return (0, -1) }
        var first = -1, count = 0
        for i in a.bytes.indices where a.bytes[i] != b.bytes[i] {
            if first < 0 { first = i }
            count += 1
        }
        return count == 0 ? nil : (first, count)
    }

    static func expectSame(_ model: RestoreModel, on original: PixelBuffer, _ what: String) {
        let portable = model.applied(to: original, kernel: .portable)
        for kernel in PixelKernel.allCases.dropFirst() where kernel.isAvailable {
            let vector = model.applied(to: original, kernel: kernel)
            if let diff = difference(portable, vector) {
                let pixel = diff.first / original.channels
                Issue.record("\(what), \(kernel): \(diff.count) bytes differ, first at pixel (\(pixel % original.width), \(pixel / original.width))")
            }
            var inPlace = original
            model.apply(to: &inPlace, threads: 3, kernel: kernel)
            #expect(difference(portable, inPlace) == nil, "\(what), \(kernel): in place, in bands")
        }
    }

    @Test func aRestoreOfAPhotoGivesTheSameBytes() throws {
        let original = try RestoreSupport.original(factor: 2)
        let proxy = original.resized(width: original.width / 2, height: original.height / 2)
        let model = Restore.fit(proxy: proxy, result: RestoreSupport.relight(proxy))
        Self.expectSame(model, on: original, "rocket, RGB")
        // An odd width: the last vector of every cell is partial.
        Self.expectSame(model, on: original.cropped(x: 3, y: 1, width: original.width - 7, height: original.height - 2), "odd width")
    }

    @Test func alphaAndAWildGridGiveTheSameBytes() throws {
        var original = try Support.portrait().withAlpha()
        for i in 0..<original.pixelCount { original.bytes[i * 4 + 3] = UInt8((i * 5) % 256) }
        let proxy = original.resized(width: 96, height: 96)
        // A "model" that inverts and saturates: large, negative and out-of-range transforms, so the clamps
        // at both ends and every luminance interval are exercised.
        var wild = proxy
        for i in stride(from: 0, to: wild.bytes.count, by: 4) {
            wild.bytes[i] = 255 &- wild.bytes[i + 1]
            wild.bytes[i + 1] = wild.bytes[i + 2] > 128 ? 255 : 0
            wild.bytes[i + 2] = UInt8(min(255, Int(wild.bytes[i + 2]) * 3))
        }
        for bins in [2, 5, 9] {
            var options = RestoreOptions()
            options.luminanceBins = bins
            options.spatialCells = 40
            let model = Restore.fit(proxy: proxy, result: wild, options: options)
            Self.expectSame(model, on: original, "RGBA, \(bins) luminance bins")
            Self.expectSame(model, on: original.flattened(), "RGB, \(bins) luminance bins")
        }
    }

    @Test func aGridDeeperThanTheVectorHoldsFallsBackToTheSameBytes() throws {
        let original = try Support.portrait()
        let proxy = original.resized(width: 64, height: 64)
        var options = RestoreOptions()
        options.luminanceBins = 16
        let model = Restore.fit(proxy: proxy, result: RestoreSupport.relight(proxy), options: options)
        Self.expectSame(model, on: original, "16 luminance bins")
    }
}

/// The 8-bit pass in 16-bit fixed point against the float arithmetic of the 16-bit pass on the same
/// pixels: within a code nearly everywhere, in shadows too (where fixed point is coarsest).
@Suite struct FixedPointPrecisionTests {
    /// (share of samples that differ by more than one code, largest difference).
    static func compare(_ model: RestoreModel, on original: PixelBuffer) -> (Double, Int) {
        let fixed = model.applied(to: original)
        let deep = PixelBuffer16(width: original.width, height: original.height, layout: original.layout, samples: original.bytes.map { UInt16($0) * 257 })
        let float = model.applied(to: deep).eightBit()
        var over = 0, largest = 0
        for i in fixed.bytes.indices {
            let d = abs(Int(fixed.bytes[i]) - Int(float.bytes[i]))
            if d > 1 { over += 1 }
            largest = max(largest, d)
        }
        return (Double(over) / Double(fixed.bytes.count), largest)
    }

    @Test func theFixedPointPassFollowsTheFloatOne() throws {
        let original = try RestoreSupport.original(factor: 2)
        var dark = original
        for i in dark.bytes.indices { dark.bytes[i] /= 8 }
        for (name, image) in [("photo", original), ("dark photo", dark)] {
            let proxy = image.resized(width: image.width / 2, height: image.height / 2)
            let model = Restore.fit(proxy: proxy, result: RestoreSupport.relight(proxy))
            let (share, largest) = Self.compare(model, on: image)
            // Measured: no sample more than one code away, on either.
            #expect(share < 0.001, "\(name): \(share * 100) % of samples more than a code from the float pass")
            #expect(largest <= 1, "\(name): \(largest) codes from the float pass")
        }
    }
}

/// The local relight's full-resolution pass by AVX-512 against the Swift loop: the same bytes.
@Suite(.enabled(if: PixelKernel.wideAvailable, "this CPU has no AVX-512; only the Swift loop runs"))
struct GainPassKernelTests {
    @Test(arguments: [1, 3])
    func theWidePassGivesTheSwiftLoopsBytes(threads: Int) throws {
        let photo = try ImageDecoder.decode(try Support.fixture("rocket.jpg")).pixels
        // Odd widths: rows end in a partial step of 32 samples and a partial pass of 128.
        for image in [photo, photo.cropped(x: 1, y: 0, width: photo.width - 5, height: photo.height - 3)] {
            for (light, seed) in [("Left Light", 3), ("Top Light", 9)] {
                let plan = LightingPlan(profile: Support.profile("golden hour", light: light, seed: seed))
                let swift = RelightEngine(threads: threads, kernel: .portable).relighting(image, plan: plan)
                let wide = RelightEngine(threads: threads, kernel: .wide).relighting(image, plan: plan)
                let same = swift == wide, changed = swift != image
                #expect(same, "\(image.width)×\(image.height), \(light), \(threads) threads")
                #expect(changed)
            }
        }
    }
}
