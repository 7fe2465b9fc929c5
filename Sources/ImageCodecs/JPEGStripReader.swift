internal import JPEGBridge

/// Reads an 8-bit JPEG as RGB a strip of rows at a time, the counterpart of ``JPEGStripWriter``: a
/// full-resolution pass (the cloud restore) can then take each strip from the decoder, change it in
/// place while it is in cache and hand it to the encoder, and no image-sized buffer ever exists
/// (none at 24 MP instead of 72 MB, and no page faults for one).
///
/// The rows are the same bytes as ``ImageDecoder`` gives for the stored image (before EXIF orientation
/// is applied). CMYK JPEGs are refused; decode those whole. One thread at a time.
///
///     try JPEGStripReader.read(bytes) { reader in
///         while reader.rowsRead < reader.height { try reader.read(into: strip, rows: min(32, reader.height - reader.rowsRead)) }
///     }
public final class JPEGStripReader {
    public let width: Int
    public let height: Int
    /// Rows read so far.
    public private(set) var rowsRead = 0
    private let reader: OpaquePointer
    /// False once ``read(_:_:)``'s body has returned: the bytes the decoder reads from are no longer pinned.
    private var open = true

    /// Reads `bytes` with the reader `body` gets; the bytes stay put for as long as it runs. Throws if the
    /// JPEG cannot be read strip by strip (unreadable header, CMYK), or if it proves truncated or corrupt.
    public static func read<R>(_ bytes: [UInt8], _ body: (JPEGStripReader) throws(ImageCodecError) -> R) throws(ImageCodecError) -> R {
        try bytes.withUnsafeBufferPointer { (buffer) throws(ImageCodecError) -> R in
            guard let base = buffer.baseAddress, !buffer.isEmpty else { throw ImageCodecError(.truncated, "the JPEG is empty") }
            let reader = try JPEGStripReader(base, count: buffer.count)
            defer { reader.open = false }
            let result = try body(reader)
            try reader.checkComplete()
            return result
        }
    }

    /// The EXIF orientation of the JPEG in `bytes` (1 when absent or invalid), as ``ImageDecoder`` reads it: the
    /// rows this reader gives are the stored image, which a caller turns itself unless this is 1.
    public static func orientation(of bytes: [UInt8]) -> Int {
        JPEGMarkers.metadata(in: bytes).exif.flatMap(ExifBlock.init)?.orientation ?? 1
    }

    /// Whether `bytes` is a JPEG this reader takes (a readable header, not CMYK), from the header alone.
    public static func canRead(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, !buffer.isEmpty else { return false }
            return relight_jpeg_readable(base, buffer.count) == 1
        }
    }

    private init(_ data: UnsafePointer<UInt8>, count: Int) throws(ImageCodecError) {
        guard let reader = relight_jpeg_reader_start(data, count) else {
            throw ImageCodecError(.corrupt, "JPEG decoding failed: out of memory")
        }
        self.reader = reader
        width = Int(relight_jpeg_reader_width(reader))
        height = Int(relight_jpeg_reader_height(reader))
        let message = String(cString: relight_jpeg_reader_message(reader))
        if !message.isEmpty { throw ImageCodecError(.corrupt, "the JPEG cannot be read strip by strip: \(message)") }
    }

    deinit {
        relight_jpeg_reader_free(reader)
    }

    /// Decodes the next `rows` rows into `pixels` (`rows` × ``width`` × 3 bytes, packed).
    public func read(into pixels: UnsafeMutablePointer<UInt8>, rows: Int) throws(ImageCodecError) {
        guard rows > 0 else { return }
        guard open else { throw ImageCodecError(.corrupt, "JPEG decoding failed: the reader was used after its read(_:_:) ended") }
        guard rowsRead + rows <= height else {
            throw ImageCodecError(.corrupt, "JPEG decoding failed: \(rowsRead + rows) rows asked of an image \(height) high")
        }
        guard relight_jpeg_reader_rows(reader, pixels, UInt32(rows), width * 3) == 0 else {
            throw ImageCodecError(.corrupt, "the JPEG data is corrupt: \(String(cString: relight_jpeg_reader_message(reader)))")
        }
        rowsRead += rows
    }

    /// As ``ImageDecoder``: a file cut short is an error (its missing rows were made up), other warnings are not.
    private func checkComplete() throws(ImageCodecError) {
        let warning = String(cString: relight_jpeg_reader_warning(reader))
        if warning.contains("Premature end") {
            throw ImageCodecError(.truncated, "the JPEG is cut short (\(warning)); if it is still being copied, wait for the copy to finish")
        }
    }
}
