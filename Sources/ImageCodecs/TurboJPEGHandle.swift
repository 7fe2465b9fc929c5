internal import CTurboJPEG

/// Owns one TurboJPEG handle (compressor or decompressor) and frees it in `deinit`.
///
/// Not shared across threads: each decode or encode creates its own, which costs microseconds.
final class TurboJPEGHandle {
    let raw: tjhandle

    init(compressor: Bool) throws(ImageCodecError) {
        guard let handle = compressor ? tjInitCompress() : tjInitDecompress() else {
            throw ImageCodecError(.unsupported, "TurboJPEG could not be initialised: \(String(cString: tjGetErrorStr2(nil)))")
        }
        raw = handle
    }

    deinit {
        tjDestroy(raw)
    }

    /// The last error's text.
    var errorMessage: String {
        String(cString: tjGetErrorStr2(raw))
    }

    /// Whether the last failure was only a warning (the image was still decoded).
    var lastFailureWasWarning: Bool {
        tjGetErrorCode(raw) == Int32(TJERR_WARNING.rawValue)
    }
}
