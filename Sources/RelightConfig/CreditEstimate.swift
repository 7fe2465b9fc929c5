import Foundation

/// What relighting is expected to cost in cloud credits, for the prompts of `relight redo` and
/// `relight preview` before they spend anything.
///
/// The API charges per output image. Its answer to each submit carries the real `creditCost`,
/// which the journal records; these rates are only for estimates made before submitting.
public enum CreditEstimate {
    /// Credits per output image for each model: one for every model today, as the sandbox
    /// charges; a model priced differently gets its own case here.
    public static func rate(for model: ModelType) -> Double {
        switch model {
        case .magicLighting, .nanoBananaPro, .nanoBanana2, .qwenImageEdit: 1
        }
    }

    /// Credits for relighting `photos` photos with `profile` on `provider` (the local engine is free).
    public static func credits(photos: Int, profile: LightingProfile, provider: ProviderKind) -> Double {
        guard provider == .pixeldojo else { return 0 }
        return Double(photos * profile.numberOfImages) * rate(for: profile.modelType)
    }

    /// `12 credits (6 photos × 2 images × 1 credit for magic-lighting)`, or the local engine's `no credits`.
    public static func describe(photos: Int, profile: LightingProfile, provider: ProviderKind) -> String {
        guard provider == .pixeldojo else { return "no credits (the local engine)" }
        let total = credits(photos: photos, profile: profile, provider: provider)
        let rate = rate(for: profile.modelType)
        return "about \(format(total)) credits (\(photos) photo\(photos == 1 ? "" : "s") × \(profile.numberOfImages) image\(profile.numberOfImages == 1 ? "" : "s") × \(format(rate)) credit\(rate == 1 ? "" : "s") for \(profile.modelType.rawValue))"
    }

    /// Credits as people write them: "2", or "0.05". Any value prints, even one no API should send (a journal
    /// may hold one from before costs were checked): `Int(value)` of 1e19 or infinity would trap.
    public static func format(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e15 else { return String(format: "%g", value) }
        return value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value)
    }
}
