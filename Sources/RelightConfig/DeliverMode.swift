/// What a profile's outputs look like (`deliver:` in a profile).
public enum DeliverMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// The source's full frame at its own pixel dimensions (after EXIF orientation), with its ICC
    /// profile and EXIF: nothing cropped, nothing scaled down. The default.
    case source
    /// Exactly what the provider produces: the API's centre crop to the profile's width:height (or
    /// `aspectRatio`) at about 1.5 MP, or the local engine imitating it.
    case generated
}
