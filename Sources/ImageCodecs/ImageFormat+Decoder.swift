internal import CLibRaw
internal import CHeif
internal import CTIFF
import ImageSniffing

extension ImageFormat {
    /// The library that decodes this format, with its version where the library reports one.
    public var decoderName: String {
        switch self {
        case .jpeg: "libjpeg-turbo"
        case .png: "libpng"
        case .webp: "libwebp"
        case .tiff: "libtiff"
        case .heif: "libheif \(String(cString: heif_get_version()))"
        case .raw: "LibRaw \(String(cString: libraw_version()))"
        }
    }

    /// The kind a header of this format names when nothing finer is known.
    var baseContent: ImageContent {
        switch self {
        case .jpeg: .jpeg
        case .png: .png
        case .webp: .webp
        case .tiff: .tiff
        case .heif: .heif
        case .raw: .raw
        }
    }
}
