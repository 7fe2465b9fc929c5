internal import CLCMS2
import ImagePixels

/// Converts 8-bit pixels between a source's own ICC profile (Adobe RGB, Display P3, …) and sRGB with
/// Little CMS: the cloud proxy goes up in sRGB, and the result comes back into the source's space
/// before the restore fits it, so the output keeps the source's profile and colours.
///
/// `@unchecked Sendable`: the two transforms are made once in `init` and only read afterwards, and
/// are created with `cmsFLAGS_NOCACHE`, which makes `cmsDoTransform` safe to call from several threads.
final class ICCConversion: @unchecked Sendable {
    /// Source → sRGB and back, for RGB and for RGBA pixels.
    private let transforms: [cmsHTRANSFORM]
    /// The profile's description, for logs.
    let name: String

    /// nil when the profile is sRGB already, not an RGB profile, or unreadable (the pixels are then
    /// taken as sRGB, as a browser would).
    init?(icc: [UInt8]) {
        guard let source = icc.withUnsafeBytes({ cmsOpenProfileFromMem($0.baseAddress, cmsUInt32Number($0.count)) }) else { return nil }
        defer { cmsCloseProfile(source) }
        guard cmsGetColorSpace(source) == cmsSigRgbData else { return nil }
        var text = [CChar](repeating: 0, count: 256)
        cmsGetProfileInfoASCII(source, cmsInfoDescription, "en", "US", &text, cmsUInt32Number(text.count))
        let name = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard !name.lowercased().contains("srgb") else { return nil }
        guard let srgb = cmsCreate_sRGBProfile() else { return nil }
        defer { cmsCloseProfile(srgb) }
        let flags = cmsUInt32Number(cmsFLAGS_NOCACHE), intent = cmsUInt32Number(INTENT_RELATIVE_COLORIMETRIC)
        var made: [cmsHTRANSFORM] = []
        for format in [relight_TYPE_RGB_8, relight_TYPE_RGBA_8] {
            for (from, to) in [(source, srgb), (srgb, source)] {
                guard let transform = cmsCreateTransform(from, format, to, format, intent, flags) else {
                    made.forEach { cmsDeleteTransform($0) }
                    return nil
                }
                made.append(transform)
            }
        }
        transforms = made
        self.name = name.isEmpty ? "an embedded profile" : name
    }

    deinit {
        transforms.forEach { cmsDeleteTransform($0) }
    }

    /// `image`, taken as in the source's space, in sRGB. Alpha is kept.
    func toSRGB(_ image: PixelBuffer) -> PixelBuffer { run(transforms[image.layout == .rgba ? 2 : 0], on: image) }

    /// `image`, taken as sRGB, in the source's space. Alpha is kept.
    func fromSRGB(_ image: PixelBuffer) -> PixelBuffer { run(transforms[image.layout == .rgba ? 3 : 1], on: image) }

    private func run(_ transform: cmsHTRANSFORM, on image: PixelBuffer) -> PixelBuffer {
        var out = image
        // In place on a copy: lcms leaves the extra (alpha) channel's bytes as they are.
        out.bytes.withUnsafeMutableBytes { buffer in
            cmsDoTransform(transform, buffer.baseAddress, buffer.baseAddress, cmsUInt32Number(image.pixelCount))
        }
        return out
    }
}
