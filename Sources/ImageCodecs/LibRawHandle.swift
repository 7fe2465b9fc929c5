internal import CLibRaw

/// Owns one LibRaw decoder (`libraw_data_t`, from the thread-safe `libraw_r`), freed in `deinit`.
///
/// LibRaw's state lives in this one object: one per decode, never shared between threads. The
/// source bytes must outlive it (LibRaw reads them in place). Data errors LibRaw meets while
/// unpacking (an unexpected end of file, corrupt data) are recorded rather than printed.
final class LibRawHandle {
    let raw: UnsafeMutablePointer<libraw_data_t>
    let content: String

    /// What LibRaw's data-error callback reported, if anything.
    final class Problems {
        var endOfFile = false
        var corruptOffset: Int?
    }

    let problems = Problems()

    /// Opens `bytes` and reads the header (identification, sizes, metadata: no pixel memory yet).
    init(_ bytes: UnsafeRawBufferPointer, content: String) throws(ImageCodecError) {
        self.content = content
        guard let data = libraw_init(0) else {
            throw ImageCodecError(.unsupported, "LibRaw could not be initialised (out of memory?)")
        }
        raw = data
        libraw_set_dataerror_handler(data, { context, _, offset in
            guard let context else { return }
            let problems = Unmanaged<Problems>.fromOpaque(context).takeUnretainedValue()
            if offset < 0 { problems.endOfFile = true } else if problems.corruptOffset == nil { problems.corruptOffset = Int(offset) }
        }, Unmanaged.passUnretained(problems).toOpaque())
        let status = libraw_open_buffer(data, UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count)
        guard status == LIBRAW_SUCCESS.rawValue else { throw failure(status, stage: "header") }
    }

    deinit {
        libraw_close(raw)
    }

    /// Throws when LibRaw reported a data error while reading the sensor data.
    func checkData(stage: String) throws(ImageCodecError) {
        if problems.endOfFile {
            throw ImageCodecError(
                .truncated, "the \(content) ends before its \(stage) does; if it is still being copied, wait for the copy to finish, else copy it from the card again")
        }
        if let offset = problems.corruptOffset {
            throw ImageCodecError(.corrupt, "the \(content)'s \(stage) is corrupt near byte \(offset); copy it from the card again")
        }
    }

    func failure(_ status: Int32, stage: String) -> ImageCodecError {
        let detail = String(cString: libraw_strerror(status))
        switch status {
        case LIBRAW_FILE_UNSUPPORTED.rawValue:
            return ImageCodecError(
                .unsupported,
                "LibRaw \(String(cString: libraw_version())) cannot read this \(content) (\(detail)): the camera may be newer than this LibRaw; "
                    + "convert it to DNG with Adobe DNG Converter, or update libraw")
        case LIBRAW_IO_ERROR.rawValue, LIBRAW_REQUEST_FOR_NONEXISTENT_IMAGE.rawValue:
            return ImageCodecError(
                .truncated, "the \(content) is cut short in its \(stage) (LibRaw: \(detail)); if it is still being copied, wait for the copy to finish")
        case LIBRAW_UNSUFFICIENT_MEMORY.rawValue, LIBRAW_TOO_BIG.rawValue:
            return ImageCodecError(.tooLarge, "the \(content) is too large to develop in memory (LibRaw: \(detail))")
        default:
            return ImageCodecError(.corrupt, "the \(content)'s \(stage) cannot be read (LibRaw: \(detail)); the file may be damaged")
        }
    }
}
