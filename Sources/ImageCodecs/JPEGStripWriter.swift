internal import JPEGBridge
import ImagePixels

/// Writes an 8-bit RGB JPEG a strip of rows at a time, for a full-resolution pass that produces its
/// output rows in order (restore, relight): the pass hands each strip over while it is still in cache,
/// and no image-sized output buffer is ever allocated (no page faults for it, 72 MB less at 24 MP).
///
/// The encoder's settings are ``ImageEncoder/encode(_:as:quality:metadata:)``'s, so the bytes are the
/// same as encoding the whole image at once. One thread at a time.
///
///     let jpeg = try JPEGStripWriter.encode(width: 6000, height: 4000, quality: 90, metadata: original.metadata) { write in
///         try model.applyStrips(to: original, write)     // a pass that hands over its rows, top to bottom
///     }
public final class JPEGStripWriter {
    public let width: Int
    public let height: Int
    private let writer: OpaquePointer
    /// Rows written so far.
    public private(set) var rowsWritten = 0

    public init(width: Int, height: Int, quality: Int) throws(ImageCodecError) {
        guard width > 0, height > 0, width <= 65_500, height <= 65_500 else {
            throw ImageCodecError(.encodeFailed, "a JPEG cannot be \(width)×\(height) pixels (at most 65500 on a side)")
        }
        guard let writer = relight_jpeg_writer_start(UInt32(width), UInt32(height), Int32(quality)) else {
            throw ImageCodecError(.encodeFailed, "JPEG encoding failed: out of memory")
        }
        self.width = width
        self.height = height
        self.writer = writer
        let message = String(cString: relight_jpeg_writer_message(writer))
        if !message.isEmpty { throw ImageCodecError(.encodeFailed, "JPEG encoding failed: \(message)") }
    }

    /// A whole JPEG from `pass`, which hands its rows to the writer function it is given, strip by strip from
    /// the top; with `metadata` as ``finish(metadata:)`` writes it.
    public static func encode(
        width: Int, height: Int, quality: Int, metadata: ImageMetadata? = nil,
        _ pass: ((UnsafePointer<UInt8>, Int) throws(ImageCodecError) -> Void) throws(ImageCodecError) -> Void
    ) throws(ImageCodecError) -> [UInt8] {
        let writer = try JPEGStripWriter(width: width, height: height, quality: quality)
        try pass { (strip, rows) throws(ImageCodecError) in try writer.write(strip, rows: rows) }
        return try writer.finish(metadata: metadata)
    }

    deinit {
        relight_jpeg_writer_free(writer)
    }

    /// Compresses the next `rows` rows of `width` RGB pixels, packed.
    public func write(_ pixels: UnsafePointer<UInt8>, rows: Int) throws(ImageCodecError) {
        guard rows > 0 else { return }
        guard rowsWritten + rows <= height else {
            throw ImageCodecError(.encodeFailed, "JPEG encoding failed: \(rowsWritten + rows) rows for an image \(height) high")
        }
        guard relight_jpeg_writer_rows(writer, pixels, UInt32(rows), width * 3) == 0 else {
            throw ImageCodecError(.encodeFailed, "JPEG encoding failed: \(String(cString: relight_jpeg_writer_message(writer)))")
        }
        rowsWritten += rows
    }

    /// The JPEG, once every row is written, with `metadata`'s ICC profile and EXIF (normalised for an
    /// upright image of this size) as ``ImageEncoder`` writes them.
    public func finish(metadata: ImageMetadata? = nil) throws(ImageCodecError) -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>?
        var size = 0
        guard relight_jpeg_writer_finish(writer, &out, &size) == 0, let out else {
            throw ImageCodecError(.encodeFailed, "JPEG encoding failed: \(String(cString: relight_jpeg_writer_message(writer)))")
        }
        defer { relight_jpeg_free(out) }
        let jpeg = UnsafeBufferPointer(start: out, count: size)
        let exif = metadata?.exif.flatMap(ExifBlock.init)?.normalized(width: width, height: height)
        return JPEGMarkers.inserting(exif: exif, icc: metadata?.iccProfile, into: jpeg)
    }
}
