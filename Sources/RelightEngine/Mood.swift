/// The lighting a prompt word asks for, as numbers that can be averaged with other moods.
struct Mood: Sendable {
    var keyKelvin: Float = 5600
    var ambientKelvin: Float = 6200
    var keyStrength: Float = 1.0
    var ambient: Float = 0.3
    var normalWeight: Float = 0.35
    var exposure: Float = 1
    var contrast: Float = 1
    var shadowLift: Float = 0
    var vignette: Float = 0
    var splitTone: Float = 0
    /// 0...1: how much of the two-colour neon split to use.
    var neon: Float = 0
    /// 0...1: how strongly the Kelvin colours tint the light.
    var colorStrength: Float = 0.75
    /// A direction the mood implies when nothing else gives one (window light comes from a side).
    var impliedDirection: SIMD2<Float>?

    static let neutral = Mood()

    /// Prompt phrases and the moods they ask for. Longer phrases first, so "blue hour" is not read as "blue".
    static let vocabulary: [(words: [String], name: String, mood: Mood)] = [
        (["golden hour", "golden-hour", "golden light", "warm sun"], "golden hour",
         Mood(keyKelvin: 3200, ambientKelvin: 5200, keyStrength: 1.05, ambient: 0.28, normalWeight: 0.35, exposure: 1.02, colorStrength: 0.75)),
        (["sunset", "sunrise", "dusk glow"], "sunset",
         Mood(keyKelvin: 2500, ambientKelvin: 7000, keyStrength: 1.1, ambient: 0.25, exposure: 0.92, contrast: 1.08, vignette: 0.2, colorStrength: 0.8)),
        (["blue hour", "blue-hour", "twilight"], "blue hour",
         Mood(keyKelvin: 9500, ambientKelvin: 12000, keyStrength: 0.6, ambient: 0.5, exposure: 0.78, colorStrength: 1.0)),
        (["moonlight", "moonlit", "moon light", "night"], "moonlight",
         Mood(keyKelvin: 11000, ambientKelvin: 15000, keyStrength: 0.8, ambient: 0.2, normalWeight: 0.4, exposure: 0.5, contrast: 1.1, vignette: 0.35, colorStrength: 1.0)),
        (["neon", "cyberpunk", "synthwave"], "neon",
         Mood(keyKelvin: 6500, ambientKelvin: 9000, keyStrength: 1.1, ambient: 0.2, exposure: 0.85, contrast: 1.08, vignette: 0.25, neon: 1)),
        (["cinematic", "teal-orange", "teal and orange", "teal & orange", "film look"], "cinematic",
         Mood(keyKelvin: 4300, ambientKelvin: 7500, keyStrength: 1.0, ambient: 0.3, exposure: 0.95, contrast: 1.15, vignette: 0.3, splitTone: 0.8, colorStrength: 0.5)),
        (["softbox", "studio", "beauty dish", "soft light", "diffused"], "softbox",
         Mood(keyKelvin: 5500, ambientKelvin: 5800, keyStrength: 0.6, ambient: 0.65, normalWeight: 0.3, contrast: 0.97, shadowLift: 0.1, colorStrength: 0.4)),
        (["window light", "window", "daylight"], "window light",
         Mood(keyKelvin: 6500, ambientKelvin: 7200, keyStrength: 1.0, ambient: 0.3, normalWeight: 0.4, colorStrength: 0.6, impliedDirection: SIMD2(-1, 0))),
        (["candle", "candlelight", "firelight", "fire", "campfire", "fireplace", "torch"], "candle",
         Mood(keyKelvin: 1900, ambientKelvin: 3000, keyStrength: 1.1, ambient: 0.18, normalWeight: 0.4, exposure: 0.72, contrast: 1.1, vignette: 0.4, colorStrength: 0.7)),
        (["dramatic", "low-key", "low key", "chiaroscuro", "moody", "film noir", "noir"], "low-key",
         Mood(keyKelvin: 5200, ambientKelvin: 6500, keyStrength: 1.2, ambient: 0.1, normalWeight: 0.45, exposure: 0.68, contrast: 1.3, vignette: 0.45, colorStrength: 0.5)),
        (["high-key", "high key", "bright and airy", "airy"], "high-key",
         Mood(keyKelvin: 6000, ambientKelvin: 6000, keyStrength: 0.35, ambient: 0.9, normalWeight: 0.2, exposure: 1.55, contrast: 0.8, shadowLift: 0.5, colorStrength: 0.3)),
    ]

    /// The weighted average of moods.
    static func blend(_ parts: [(mood: Mood, weight: Float)]) -> Mood {
        let total = parts.reduce(0) { $0 + $1.weight }
        guard total > 0 else { return .neutral }
        func avg(_ field: (Mood) -> Float) -> Float {
            parts.reduce(0) { $0 + field($1.mood) * $1.weight } / total
        }
        var mood = Mood()
        // Kelvin is averaged in mired (1e6/K), which is how colour temperature mixes perceptually.
        mood.keyKelvin = 1e6 / avg { 1e6 / $0.keyKelvin }
        mood.ambientKelvin = 1e6 / avg { 1e6 / $0.ambientKelvin }
        mood.keyStrength = avg(\.keyStrength)
        mood.ambient = avg(\.ambient)
        mood.normalWeight = avg(\.normalWeight)
        mood.exposure = avg(\.exposure)
        mood.contrast = avg(\.contrast)
        mood.shadowLift = avg(\.shadowLift)
        mood.vignette = avg(\.vignette)
        mood.splitTone = avg(\.splitTone)
        mood.neon = avg(\.neon)
        mood.colorStrength = avg(\.colorStrength)
        mood.impliedDirection = parts.filter { $0.weight > 0 }.compactMap(\.mood.impliedDirection).first
        return mood
    }
}
