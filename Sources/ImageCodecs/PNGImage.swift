internal import CPNG

/// Owns one libpng simplified-API `png_image` and frees it in `deinit` (a no-op once libpng has freed it itself).
final class PNGImage {
    var raw: png_image

    init() {
        raw = png_image()
        raw.version = UInt32(PNG_IMAGE_VERSION)
    }

    deinit {
        png_image_free(&raw)
    }

    /// The message libpng left in the image after a failure.
    var message: String {
        withUnsafeBytes(of: raw.message) { buffer in
            let bytes = buffer.prefix { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    var failed: Bool { raw.warning_or_error & 3 > 1 }
}
