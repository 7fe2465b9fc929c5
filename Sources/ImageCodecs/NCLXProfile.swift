internal import CHeif
internal import CLCMS2

/// An HEIF's `nclx` colour description (primaries and transfer, as an iPhone writes for Display P3) as an
/// ICC profile, so that a photo described that way is treated like one carrying the profile: its outputs
/// are tagged with it, and the cloud proxy is converted from it to sRGB. sRGB itself needs no profile.
enum NCLXProfile {
    /// The ICC profile `handle`'s nclx stands for; nil for sRGB, for an unspecified or HDR (PQ, HLG)
    /// description, and when there is none.
    static func icc(_ handle: OpaquePointer) -> [UInt8]? {
        var pointer: UnsafeMutablePointer<heif_color_profile_nclx>?
        guard heif_image_handle_get_nclx_color_profile(handle, &pointer).code == heif_error_Ok, let nclx = pointer?.pointee else { return nil }
        defer { heif_nclx_color_profile_free(pointer) }
        let primaries = Int(nclx.color_primaries.rawValue), transfer = Int(nclx.transfer_characteristics.rawValue)
        // 1: BT.709, the sRGB primaries; 2: unspecified, read as sRGB.
        guard primaries != 1, primaries != 2 else { return nil }
        // The sRGB curve (13), unspecified (2), and the BT.709/601/2020 camera curves (1, 6, 14, 15), which
        // displays show much as sRGB; not PQ (16) or HLG (18), which no ICC curve of this kind describes.
        guard [1, 2, 6, 13, 14, 15].contains(transfer) else { return nil }
        let name = primaries == 12 ? "Display P3" : primaries == 9 ? "BT.2020" : "RGB, nclx primaries \(primaries)"
        return make(
            red: (nclx.color_primary_red_x, nclx.color_primary_red_y), green: (nclx.color_primary_green_x, nclx.color_primary_green_y),
            blue: (nclx.color_primary_blue_x, nclx.color_primary_blue_y), white: (nclx.color_primary_white_x, nclx.color_primary_white_y),
            description: "\(name) (from the photo's HEIF nclx)")
    }

    /// A matrix/TRC profile with these chromaticities and the sRGB curve.
    static func make(
        red: (Float, Float), green: (Float, Float), blue: (Float, Float), white: (Float, Float), description: String
    ) -> [UInt8]? {
        func xyY(_ c: (Float, Float)) -> cmsCIExyY { cmsCIExyY(x: Double(c.0), y: Double(c.1), Y: 1) }
        guard [red, green, blue, white].allSatisfy({ $0.0 > 0 && $0.1 > 0 }) else { return nil }
        var whitePoint = xyY(white)
        var triple = cmsCIExyYTRIPLE(Red: xyY(red), Green: xyY(green), Blue: xyY(blue))
        // IEC 61966-2-1: Y = ((X + 0.055) / 1.055)^2.4 above 0.04045, X / 12.92 below (lcms2's type 4).
        let parameters: [Double] = [2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045]
        guard let curve = parameters.withUnsafeBufferPointer({ cmsBuildParametricToneCurve(nil, 4, $0.baseAddress) }) else { return nil }
        defer { cmsFreeToneCurve(curve) }
        var curves: [OpaquePointer?] = [curve, curve, curve]
        guard let profile = curves.withUnsafeMutableBufferPointer({ cmsCreateRGBProfile(&whitePoint, &triple, $0.baseAddress) }) else { return nil }
        defer { cmsCloseProfile(profile) }
        if let text = cmsMLUalloc(nil, 1) {
            defer { cmsMLUfree(text) }
            _ = cmsMLUsetASCII(text, "en", "US", description)
            _ = cmsWriteTag(profile, cmsSigProfileDescriptionTag, UnsafeRawPointer(text))
        }
        var size: cmsUInt32Number = 0
        guard cmsSaveProfileToMem(profile, nil, &size) != 0, size > 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(size))
        guard bytes.withUnsafeMutableBytes({ cmsSaveProfileToMem(profile, $0.baseAddress, &size) }) != 0 else { return nil }
        return bytes
    }
}
