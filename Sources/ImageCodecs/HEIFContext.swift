internal import CHeif

/// Owns one libheif context (and its primary image handle) over bytes that outlive it; freed in `deinit`.
///
/// One per decode, never shared between threads. libheif reports errors by value, without `longjmp`.
final class HEIFContext {
    private let context: OpaquePointer
    let primary: OpaquePointer
    let content: String

    /// Parses the container (boxes and item properties only: no pixel memory yet).
    init(_ bytes: UnsafeRawBufferPointer, content: String) throws(ImageCodecError) {
        self.content = content
        guard let context = heif_context_alloc() else { throw ImageCodecError(.unsupported, "libheif could not be initialised") }
        self.context = context
        // Refuses absurd sizes inside libheif too; relight's own pixel limit is checked from the header.
        heif_context_set_maximum_image_size_limit(context, 1 << 16)
        let read = heif_context_read_from_memory_without_copy(context, bytes.baseAddress, bytes.count, nil)
        if read.code != heif_error_Ok {
            heif_context_free(context)
            throw HEIFContext.failure(read, content: content, stage: "container")
        }
        var handle: OpaquePointer?
        let found = heif_context_get_primary_image_handle(context, &handle)
        guard found.code == heif_error_Ok, let handle else {
            heif_context_free(context)
            throw HEIFContext.failure(found, content: content, stage: "primary image")
        }
        primary = handle
    }

    deinit {
        heif_image_handle_release(primary)
        heif_context_free(context)
    }

    static func failure(_ error: heif_error, content: String, stage: String) -> ImageCodecError {
        let detail = error.message.map { String(cString: $0) } ?? "error \(error.code.rawValue)"
        if error.code == heif_error_Unsupported_feature || error.code == heif_error_Unsupported_filetype
            || error.subcode == heif_suberror_Unsupported_codec {
            return ImageCodecError(
                .unsupported,
                "the \(content)'s \(stage) uses something this machine's libheif cannot decode (\(detail)); "
                    + "install libheif's decoder plugins (libde265 for HEIC, dav1d or libaom for AVIF) or convert the file to JPEG")
        }
        if error.subcode == heif_suberror_End_of_data || detail.lowercased().contains("end of data") || detail.lowercased().contains("truncat") {
            return ImageCodecError(
                .truncated, "the \(content) is cut short in its \(stage) (libheif: \(detail)); if it is still being copied, wait for the copy to finish")
        }
        return ImageCodecError(.corrupt, "the \(content)'s \(stage) cannot be decoded (libheif: \(detail)); the file may be damaged")
    }
}
