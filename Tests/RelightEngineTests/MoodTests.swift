import ImagePixels
import RelightConfig
import RelightEngine
import Testing

@Suite struct MoodTests {
    func redOverBlue(_ image: PixelBuffer) -> Double {
        let m = Support.mean(image)
        return m.x / max(1, m.z)
    }

    func render(_ profile: LightingProfile) throws -> (source: PixelBuffer, output: PixelBuffer) {
        let source = try Support.portrait()
        return (source, RelightEngine().render(source, profile: profile))
    }

    @Test func goldenHourWarms() throws {
        let (source, output) = try render(Support.profile("golden hour sunlight", light: "Left Light"))
        #expect(redOverBlue(output) > redOverBlue(source) * 1.15)
    }

    @Test(arguments: ["sunset glow", "candle light", "warm firelight"])
    func warmMoodsWarm(prompt: String) throws {
        let (source, output) = try render(Support.profile(prompt, light: "Right Light"))
        #expect(redOverBlue(output) > redOverBlue(source) * 1.1, "\(prompt)")
    }

    @Test(arguments: ["blue hour", "moonlight"])
    func coolMoodsCool(prompt: String) throws {
        let (source, output) = try render(Support.profile(prompt, light: "Top Light"))
        #expect(redOverBlue(output) < redOverBlue(source) * 0.9, "\(prompt)")
    }

    @Test func lowKeyAndMoonlightDarkenHighKeyBrightens() throws {
        let source = try Support.portrait()
        let base = Support.luma(Support.mean(source))
        for prompt in ["dramatic low-key portrait", "moonlight"] {
            let output = RelightEngine().render(source, profile: Support.profile(prompt, light: "Left Light"))
            #expect(Support.luma(Support.mean(output)) < base * 0.85, "\(prompt)")
        }
        let high = RelightEngine().render(source, profile: Support.profile("high-key, bright and airy", light: "None"))
        #expect(Support.luma(Support.mean(high)) > base * 1.08)
    }

    @Test func cinematicTonesShadowsTealAndHighlightsOrange() throws {
        let plan = LightingPlan(profile: Support.profile("cinematic teal and orange"))
        #expect(plan.splitTone > 0.5)
        // A dark and a bright flat image: shadows go teal (blue over red), highlights orange.
        let dark = PixelBuffer(width: 64, height: 64, layout: .rgb, bytes: [UInt8](repeating: 40, count: 64 * 64 * 3))
        let bright = PixelBuffer(width: 64, height: 64, layout: .rgb, bytes: [UInt8](repeating: 200, count: 64 * 64 * 3))
        let engine = RelightEngine()
        let darkOut = Support.mean(engine.relighting(dark, plan: plan), x: 0.4...0.6, y: 0.4...0.6)
        let brightOut = Support.mean(engine.relighting(bright, plan: plan), x: 0.4...0.6, y: 0.4...0.6)
        #expect(darkOut.z > darkOut.x, "shadows teal: \(darkOut)")
        #expect(brightOut.x > brightOut.z, "highlights orange: \(brightOut)")
    }

    @Test func softboxAndWindowLightHaveTheirOwnLook() throws {
        let softbox = LightingPlan(profile: Support.profile("softbox studio portrait"))
        let window = LightingPlan(profile: Support.profile("window light"))
        #expect(softbox.ambient > 0.45, "a softbox fills the shadows")
        #expect(window.direction != nil && window.direction!.x < 0, "window light comes from a side")
    }

    @Test func aNegativeWordTurnsItsEffectDown() throws {
        let source = try Support.portrait()
        let engine = RelightEngine()
        let dramatic = engine.render(source, profile: Support.profile("dramatic low-key", light: "Left Light"))
        let tamed = engine.render(source, profile: Support.profile("dramatic low-key", light: "Left Light", negative: "dramatic, low-key"))
        #expect(Support.luma(Support.mean(tamed)) > Support.luma(Support.mean(dramatic)) * 1.05)

        let harsh = DirectionTests.lift(source, engine.render(source, profile: Support.profile("hard light", light: "Left Light")), near: .left)
        let soft = DirectionTests.lift(
            source, engine.render(source, profile: Support.profile("hard light", light: "Left Light", negative: "harsh shadows")), near: .left)
        #expect(soft < harsh, "negative 'harsh shadows' softens the side-to-side contrast (\(soft) vs \(harsh))")
    }
}
