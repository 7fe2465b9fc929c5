import Foundation
import RelightConfig

extension LightingPlan {
    /// The plan for variation `variation` (0-based) of `profile`.
    ///
    /// - `light_source` gives the direction (Left/Right/Top/Bottom Light, diagonals such as
    ///   "Top Left Light", or None); when it gives none, direction words in the prompt count.
    /// - `prompt` picks the moods; `negative_prompt` turns matching moods and effects down.
    /// - `seed` (or, without one, a stable hash of the profile) plus `variation` seeds small changes in
    ///   angle, colour and strength, so variations differ and the same seed repeats exactly.
    /// - `steps` sets the gain map's resolution and the filter passes.
    public init(profile: LightingProfile, variation: Int = 0) {
        let prompt = profile.prompt.lowercased()
        let negative = (profile.negativePrompt ?? "").lowercased()

        // Moods: positive matches count 1, a negative match takes 0.9 away.
        var parts: [(mood: Mood, weight: Float)] = []
        for entry in Mood.vocabulary {
            let positive: Float = entry.words.contains(where: prompt.contains) ? 1 : 0
            let against: Float = entry.words.contains(where: negative.contains) ? 0.9 : 0
            let weight = max(0, positive - against)
            if weight > 0 { parts.append((entry.mood, weight)) }
        }
        parts.append((Mood.neutral, parts.isEmpty ? 1 : 0.15))
        var mood = Mood.blend(parts)
        Self.applyModifiers(prompt: prompt, negative: negative, to: &mood)

        // Direction: light_source first, then the prompt's words, then what the mood implies.
        let fromSource = Self.direction(lightSource: profile.lightSource)
        let fromPrompt = Self.direction(prompt: prompt)
        var direction = fromSource ?? fromPrompt ?? mood.impliedDirection
        let backlit = ["backlit", "backlight", "back light", "from behind", "behind the subject", "silhouette"].contains(where: prompt.contains)
            || (profile.lightSource ?? "").lowercased().contains("back")

        // Seeded variation.
        let baseSeed = profile.seed ?? Self.stableSeed(profile)
        let seed = baseSeed &+ variation
        var random = SeededGenerator(seed: UInt64(truncatingIfNeeded: seed) ^ 0x5851_F42D_4C95_7F2D)
        let angleJitter = random.symmetric() * 0.22
        let kelvinJitter = 1 + random.symmetric() * 0.06
        let strengthJitter = 1 + random.symmetric() * 0.12
        let ambientJitter = random.symmetric() * 0.05
        let normalJitter = random.symmetric() * 0.08
        if let d = direction {
            let c = cos(angleJitter), s = sin(angleJitter)
            direction = simd_normalize2(SIMD2(d.x * c - d.y * s, d.x * s + d.y * c))
        }

        let keyColor = Self.mix(SIMD3(1, 1, 1), ColorTables.kelvin(mood.keyKelvin * kelvinJitter), mood.colorStrength)
        let ambientColor = Self.mix(SIMD3(1, 1, 1), ColorTables.kelvin(mood.ambientKelvin), mood.colorStrength * 0.6)
        var key = keyColor
        var second: SIMD3<Float>?
        if mood.neon > 0.05 {
            // Magenta from the key side, cyan from the opposite side.
            let magenta = ColorTables.tint(1.0, 0.18, 0.85)
            let cyan = ColorTables.tint(0.1, 0.85, 1.0)
            key = Self.mix(keyColor, magenta, mood.neon)
            second = Self.mix(keyColor, cyan, mood.neon)
            if direction == nil { direction = SIMD2(-1, 0) }
        }

        let steps = profile.steps
        self.init(
            direction: direction,
            backlit: backlit,
            keyColor: key,
            secondColor: second,
            ambientColor: ambientColor,
            keyStrength: max(0.05, mood.keyStrength * strengthJitter),
            ambient: min(1, max(0.05, mood.ambient + ambientJitter)),
            normalWeight: min(0.8, max(0, mood.normalWeight + normalJitter)),
            exposure: mood.exposure,
            contrast: mood.contrast,
            shadowLift: mood.shadowLift,
            vignette: mood.vignette,
            splitTone: mood.splitTone,
            gridFactor: steps < 20 ? 8 : (steps < 35 ? 4 : 2),
            filterPasses: steps < 35 ? 1 : 2,
            seed: seed
        )
    }

    /// Modifier words: in the negative prompt they soften an effect, in the prompt they add one.
    private static func applyModifiers(prompt: String, negative: String, to mood: inout Mood) {
        func any(_ text: String, _ words: [String]) -> Bool { words.contains(where: text.contains) }
        if any(negative, ["harsh shadow", "hard shadow", "harsh light", "hard light", "harsh", "deep shadows"]) {
            mood.ambient = min(1, mood.ambient + 0.15)
            mood.contrast = 1 + (mood.contrast - 1) * 0.5 - 0.05
            mood.normalWeight *= 0.6
        }
        if any(negative, ["overexposed", "blown", "too bright", "washed out"]) { mood.exposure *= 0.9 }
        if any(negative, ["underexposed", "too dark", "murky"]) { mood.exposure *= 1.1; mood.shadowLift += 0.1 }
        if any(negative, ["vignette"]) { mood.vignette = 0 }
        if any(negative, ["oversaturated", "colour cast", "color cast", "saturated"]) { mood.colorStrength *= 0.6 }
        if any(negative, ["flat", "dull"]) { mood.contrast *= 1.08 }
        if any(prompt, ["soft shadow", "soft light", "gentle"]) { mood.ambient = min(1, mood.ambient + 0.08) }
        if any(prompt, ["hard light", "harsh", "strong shadow", "deep shadow"]) && !any(negative, ["harsh", "hard"]) {
            mood.ambient = max(0.1, mood.ambient - 0.1)
            mood.contrast *= 1.08
        }
        if any(prompt, ["warm"]) && !any(negative, ["warm"]) { mood.keyKelvin *= 0.85 }
        if any(prompt, ["cool ", "cold"]) && !any(negative, ["cool", "cold"]) { mood.keyKelvin *= 1.2 }
        if any(prompt, ["vignette"]) && !any(negative, ["vignette"]) { mood.vignette = max(mood.vignette, 0.3) }
    }

    /// The direction a `light_source` value names, or `nil` for None, absent or unknown values.
    static func direction(lightSource: String?) -> SIMD2<Float>? {
        guard let text = lightSource?.lowercased(), !text.isEmpty else { return nil }
        return vector(left: text.contains("left"), right: text.contains("right"),
                      top: text.contains("top") || text.contains("upper"),
                      bottom: text.contains("bottom") || text.contains("lower"))
    }

    /// A direction named by words in a prompt: "from the left", "camera right", "overhead", "from below".
    static func direction(prompt: String) -> SIMD2<Float>? {
        let words = prompt.split(whereSeparator: { !$0.isLetter && $0 != "-" }).map(String.init)
        let left = words.contains("left")
        let right = words.contains("right")
        let top = words.contains("overhead") || words.contains("above") || words.contains("top") || prompt.contains("from up")
        let bottom = words.contains("below") || words.contains("underlit") || words.contains("underneath") || words.contains("bottom")
            || words.contains("uplight") || words.contains("uplighting")
        return vector(left: left, right: right, top: top, bottom: bottom)
    }

    private static func vector(left: Bool, right: Bool, top: Bool, bottom: Bool) -> SIMD2<Float>? {
        let x: Float = (right ? 1 : 0) - (left ? 1 : 0)
        let y: Float = (bottom ? 1 : 0) - (top ? 1 : 0)
        guard x != 0 || y != 0 else { return nil }
        return simd_normalize2(SIMD2(x, y))
    }

    /// FNV-1a over the profile's name and prompt: a seed that never changes between runs or machines.
    static func stableSeed(_ profile: LightingProfile) -> Int {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in (profile.name + "\u{0}" + profile.prompt).utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return Int(hash % UInt64(Int32.max))
    }

    private static func mix(_ a: SIMD3<Float>, _ b: SIMD3<Float>, _ t: Float) -> SIMD3<Float> {
        a + (b - a) * t
    }
}

func simd_normalize2(_ v: SIMD2<Float>) -> SIMD2<Float> {
    let length = (v * v).sum().squareRoot()
    return length > 0 ? v / length : v
}
