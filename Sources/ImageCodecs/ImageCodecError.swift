/// Why an image could not be decoded or encoded. The message says what to do about it.
public struct ImageCodecError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Equatable {
        /// The bytes are not a valid image of the format they claim to be.
        case corrupt
        /// The file ends before the image does (often a copy still in progress).
        case truncated
        /// A real image, but in a format or variant relight does not handle.
        case unsupported
        /// The header announces more pixels than the configured limit.
        case tooLarge
        /// The encoder failed.
        case encodeFailed
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    static func empty() -> ImageCodecError {
        ImageCodecError(.truncated, "the file is empty (0 bytes); if it is still being copied, wait for the copy to finish")
    }

    static func unknownFormat() -> ImageCodecError {
        ImageCodecError(.unsupported, "the content is not an image relight reads: JPEG, PNG, WebP, TIFF, HEIC/HEIF/AVIF or a camera RAW (checked by its first bytes, not its extension)")
    }

    static func tooLarge(width: Int, height: Int, limit: Int) -> ImageCodecError {
        let megapixels = Double(width) * Double(height) / 1_000_000
        return ImageCodecError(
            .tooLarge,
            "the image is \(width)×\(height) (\(formatted(megapixels)) MP), over the limit of \(formatted(Double(limit) / 1_000_000)) MP; "
                + "downscale it or raise the pixel limit"
        )
    }

    private static func formatted(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
