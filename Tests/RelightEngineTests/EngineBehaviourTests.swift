import ImageCodecs
import ImagePixels
import RelightConfig
import RelightEngine
import Testing

@Suite struct EngineBehaviourTests {
    @Test func theSameSeedGivesByteIdenticalOutput() throws {
        let source = try Support.portrait()
        let profile = Support.profile("golden hour", light: "Left Light", seed: 42)
        let a = RelightEngine().render(source, profile: profile)
        let b = RelightEngine().render(source, profile: profile)
        #expect(a == b)
        #expect(try ImageEncoder.encode(a, as: .jpeg, quality: 90) == ImageEncoder.encode(b, as: .jpeg, quality: 90))
    }

    @Test func seedsAndVariationsDiffer() throws {
        let source = try Support.portrait()
        let engine = RelightEngine()
        let one = engine.render(source, profile: Support.profile("golden hour", light: "Left Light", seed: 1))
        let two = engine.render(source, profile: Support.profile("golden hour", light: "Left Light", seed: 2))
        #expect(one != two)
        let profile = Support.profile("neon", light: "Right Light", seed: 5, images: 3)
        let variations = (0..<3).map { engine.render(source, profile: profile, variation: $0) }
        #expect(variations[0] != variations[1] && variations[1] != variations[2] && variations[0] != variations[2])
    }

    @Test func withoutASeedTheOutputIsStillReproducible() throws {
        let source = try Support.portrait()
        let profile = Support.profile("window light", seed: nil)
        #expect(RelightEngine().render(source, profile: profile) == RelightEngine().render(source, profile: profile))
    }

    @Test func sizeAndCropFollowTheProfile() throws {
        var profile = Support.profile("", light: "None")
        profile.width = 512
        profile.height = 256
        let layout = OutputGeometry.profile.layout(sourceWidth: 256, sourceHeight: 256, profile: profile)
        #expect(layout.crop == (0, 64, 256, 128) || (layout.crop.x == 0 && layout.crop.y == 64 && layout.crop.width == 256 && layout.crop.height == 128))
        #expect(layout.outputWidth == 512 && layout.outputHeight == 256)
        let output = RelightEngine().render(try Support.portrait(), profile: profile)
        #expect(output.width == 512 && output.height == 256)

        profile.highresScale = 1.5
        let cloudLike = OutputGeometry.profile.layout(sourceWidth: 4000, sourceHeight: 3000, profile: profile)
        #expect(cloudLike.outputWidth == 768 && cloudLike.outputHeight == 384)
        let full = OutputGeometry.fullResolution.layout(sourceWidth: 4000, sourceHeight: 3000, profile: profile)
        #expect(full.outputWidth == 4000 && full.outputHeight == 2000 && full.crop.y == 500)

        profile.modelType = .nanoBanana2
        profile.aspectRatio = .wide16x9
        let other = OutputGeometry.profile.layout(sourceWidth: 1600, sourceHeight: 1600, profile: profile)
        #expect(other.outputWidth == 1600 && other.outputHeight == 900 && other.crop.y == 350)
    }

    @Test func stepsTradeQualityForSpeed() throws {
        var profile = Support.profile("golden hour", light: "Left Light")
        profile.steps = 10
        let fast = LightingPlan(profile: profile)
        profile.steps = 50
        let fine = LightingPlan(profile: profile)
        #expect(fast.gridFactor > fine.gridFactor)
        #expect(fine.filterPasses >= fast.filterPasses)
        let source = try Support.portrait()
        #expect(RelightEngine().relighting(source, plan: fast) != RelightEngine().relighting(source, plan: fine))
    }

    @Test func highlightsAreNotBlown() throws {
        // A bright gradient: the key light must roll highlights off, not clip them.
        var image = PixelBuffer(width: 128, height: 64, layout: .rgb)
        for y in 0..<64 {
            for x in 0..<128 {
                let v = UInt8(150 + x * 90 / 127)
                for c in 0..<3 { image.bytes[(y * 128 + x) * 3 + c] = v }
            }
        }
        let output = RelightEngine().render(image, profile: Support.profile("high-key studio", light: "Right Light"), geometry: .source)
        let clipped = output.bytes.filter { $0 == 255 }.count
        #expect(Double(clipped) / Double(output.bytes.count) < 0.01, "\(clipped) clipped channels")
        // And it stays monotonic along the ramp: no banding steps or halo reversals.
        for y in stride(from: 0, to: 64, by: 16) {
            var previous = 0
            for x in 0..<128 {
                let value = Int(output.bytes[(y * 128 + x) * 3])
                #expect(value >= previous - 1, "row \(y) reverses at \(x)")
                #expect(x == 0 || value - previous <= 4, "row \(y) jumps at \(x)")
                previous = value
            }
        }
    }

    @Test func noHaloAtAHardEdge() throws {
        // Dark left half, bright right half: a halo would brighten the dark side next to the edge
        // (or darken the bright side) relative to the rest of that side. The gain map is at 1/4
        // resolution, so the transition itself may take a few pixels; 8 px away it must be gone.
        var image = PixelBuffer(width: 256, height: 128, layout: .rgb)
        for y in 0..<128 {
            for x in 0..<256 {
                for c in 0..<3 { image.bytes[(y * 256 + x) * 3 + c] = x < 128 ? 40 : 200 }
            }
        }
        for prompt in ["dramatic low-key", "high-key", "cinematic teal and orange"] {
            let output = RelightEngine().render(image, profile: Support.profile(prompt, light: "Top Light"), geometry: .source)
            let row = 64
            func value(_ x: Int) -> Int { Int(output.bytes[(row * 256 + x) * 3 + 1]) }
            let darkFar = value(100), darkNear = value(120)
            let brightFar = value(156), brightNear = value(136)
            #expect(abs(darkNear - darkFar) <= 4, "\(prompt): dark side \(darkFar) → \(darkNear) at the edge")
            #expect(abs(brightNear - brightFar) <= 4, "\(prompt): bright side \(brightFar) → \(brightNear) at the edge")
        }
    }

    @Test func alphaIsLeftAlone() throws {
        let decoded = try ImageDecoder.decode(try Support.fixture("alpha.png"))
        let output = RelightEngine().render(decoded.pixels, profile: Support.profile("neon", light: "Left Light"), geometry: .source)
        #expect(output.layout == .rgba)
        for i in 0..<output.pixelCount { #expect(output.bytes[i * 4 + 3] == decoded.pixels.bytes[i * 4 + 3]) }
    }
}

@Suite struct DecodeScaleTests {
    @Test func theProviderDecodesOnlyAsMuchAsTheOutputNeeds() {
        var profile = Support.profile("")
        profile.width = 512
        profile.height = 512
        profile.highresScale = 1
        // A 4000×3000 source cropped to 3000×3000 for a 512×512 output needs only 0.17 of it.
        let scale = OutputGeometry.profile.minimumScale(sourceWidth: 4000, sourceHeight: 3000, profile: profile)
        #expect(abs(scale - 512.0 / 3000) < 1e-9)
        #expect(OutputGeometry.fullResolution.minimumScale(sourceWidth: 4000, sourceHeight: 3000, profile: profile) == 1)
        #expect(OutputGeometry.profile.minimumScale(sourceWidth: 300, sourceHeight: 300, profile: profile) == 1, "never below an upscale")
    }
}

/// The full-resolution pass split over cores (``RowBands``) gives the bytes one core gives.
@Suite struct EngineThreadsTests {
    @Test(arguments: [2, 3, 7])
    func bandsGiveTheSameBytesAsOneCore(threads: Int) throws {
        let source = try ImageDecoder.decode(try Support.fixture("rocket.jpg")).pixels
        let plan = LightingPlan(profile: Support.profile("golden hour", light: "Left Light", seed: 3))
        let one = RelightEngine().relighting(source, plan: plan)
        let many = RelightEngine(threads: threads).relighting(source, plan: plan)
        #expect(one.bytes.count == many.bytes.count)
        let same = one == many
        #expect(same, "\(threads) bands differ from one")
        let changed = one != source
        #expect(changed, "the pass changed the photo")
    }

    @Test func sixteenBitBandsGiveTheSameSamplesAsOneCore() throws {
        let source = try ImageDecoder.decode(try Support.fixture("rocket.jpg")).pixels
        let plan = LightingPlan(profile: Support.profile("blue hour", light: "Right Light", seed: 4))
        let deep = PixelBuffer16(width: source.width, height: source.height, layout: source.layout, samples: source.bytes.map { UInt16($0) * 257 })
        var one = deep, many = deep
        RelightEngine().relight(&one, guide: source, plan: plan)
        RelightEngine(threads: 4).relight(&many, guide: source, plan: plan)
        #expect(one.samples.count == many.samples.count)
        let same = one.samples == many.samples, changed = one.samples != deep.samples
        #expect(same, "4 bands differ from one")
        #expect(changed, "the pass changed the photo")
    }
}

/// The strip-by-strip passes (straight into an encoder) give the bytes of the whole-image ones, for any
/// strip height and number of cores, and leave their source as it was.
@Suite struct StripPassTests {
    /// `image` with alpha that varies from pixel to pixel, so a pass that dropped it would show.
    static func translucent(_ image: PixelBuffer) -> PixelBuffer {
        var rgba = image.withAlpha()
        for i in 0..<rgba.pixelCount { rgba.bytes[i * 4 + 3] = UInt8((i * 7) % 256) }
        return rgba
    }

    /// The strips `pass` hands over, joined.
    static func joined(_ pass: ((UnsafePointer<UInt8>, Int) -> Void) -> Void, rowBytes: Int) -> [UInt8] {
        var out = [UInt8]()
        pass { strip, rows in out.append(contentsOf: UnsafeBufferPointer(start: strip, count: rows * rowBytes)) }
        return out
    }

    @Test(arguments: [(1, 1), (7, 2), (32, 3), (5000, 1)])
    func aRelightInStripsIsTheRelight(stripRows: Int, threads: Int) throws {
        let source = try ImageDecoder.decode(try Support.fixture("rocket.jpg")).pixels
        let plan = LightingPlan(profile: Support.profile("golden hour", light: "Left Light", seed: 3))
        for image in [source, Self.translucent(source)] {
            let engine = RelightEngine(threads: threads)
            let whole = engine.relighting(image, plan: plan)
            let strips = Self.joined({ body in engine.relightStrips(image, plan: plan, stripRows: stripRows, body) }, rowBytes: image.width * image.channels)
            let same = strips == whole.bytes, changed = whole != image
            #expect(same, "strips of \(stripRows) rows on \(threads) cores, \(image.channels) channels")
            #expect(changed)
        }
    }

    @Test(arguments: [(1, 1), (7, 2), (32, 3), (5000, 1)])
    func aRestoreInStripsIsTheRestore(stripRows: Int, threads: Int) throws {
        let original = try RestoreSupport.original(factor: 2)
        let proxy = original.resized(width: original.width / 2, height: original.height / 2)
        let model = Restore.fit(proxy: proxy, result: RestoreSupport.relight(proxy))
        for image in [original, Self.translucent(original)] {
            for kernel in [PixelKernel.portable, .best] {
                let whole = model.applied(to: image, kernel: kernel)
                let strips = Self.joined(
                    { body in model.applyStrips(to: image, stripRows: stripRows, threads: threads, kernel: kernel, body) },
                    rowBytes: image.width * image.channels)
                let same = strips == whole.bytes, changed = whole != image
                #expect(same, "strips of \(stripRows) rows on \(threads) cores, \(image.channels) channels, \(kernel)")
                #expect(changed)
            }
        }
    }
    /// The restore with no original held: each strip is filled (here from the decoded original, as the JPEG
    /// strip reader would), restored in place, and handed over. The same bytes, including in place at the
    /// strip's edges and for every kernel.
    @Test(arguments: [(1, 1), (7, 2), (32, 3), (5000, 1)])
    func aRestoreOfStripsFilledOneByOneIsTheRestore(stripRows: Int, threads: Int) throws {
        let original = try RestoreSupport.original(factor: 2)
        let proxy = original.resized(width: original.width / 2, height: original.height / 2)
        let model = Restore.fit(proxy: proxy, result: RestoreSupport.relight(proxy))
        let rowBytes = original.width * 3
        for kernel in [PixelKernel.portable, .vector, .best] where kernel.isAvailable {
            let whole = model.applied(to: original, kernel: kernel)
            var filled = 0
            let strips = Self.joined({ body in
                model.applyStrips(
                    width: original.width, height: original.height, stripRows: stripRows, threads: threads, kernel: kernel,
                    fill: { strip, rows in
                        original.bytes.withUnsafeBufferPointer { source in
                            strip.update(from: source.baseAddress! + filled * rowBytes, count: rows * rowBytes)
                        }
                        filled += rows
                    }, body)
            }, rowBytes: rowBytes)
            let same = strips == whole.bytes, changed = whole != original
            #expect(same, "strips of \(stripRows) rows on \(threads) cores, \(kernel)")
            #expect(changed && filled == original.height)
        }
    }
}
