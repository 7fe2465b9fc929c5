internal import CTIFF
#if canImport(Glibc)
import Glibc
#endif

/// Owns one libtiff handle over memory: the source bytes for reading (mapped, never copied), or a
/// growing buffer for writing. Errors libtiff reports go to ``message`` (the first one wins), not stderr.
///
/// One per decode or encode; never shared between threads.
final class TIFFFile {
    /// The memory libtiff reads and writes through the callbacks below.
    final class Storage {
        var readable: UnsafeRawBufferPointer?
        var written: [UInt8] = []
        var position = 0
        var message: String?

        var count: Int { readable?.count ?? written.count }
    }

    private(set) var handle: OpaquePointer?
    let storage = Storage()

    /// Opens `bytes` for reading; they must stay alive (and unmoved) for this object's lifetime.
    init(reading bytes: UnsafeRawBufferPointer) throws(ImageCodecError) {
        storage.readable = bytes
        handle = open(mode: "rm")
        if handle == nil { storage.readable = nil }
        guard handle != nil else { throw TIFFCodec.failure(storage.message ?? "not a TIFF file", stage: "header") }
    }

    /// Opens an empty little-endian TIFF for writing, with room for `expectedSize` bytes (one
    /// allocation instead of a chain of doubling copies for a large image).
    init(writing expectedSize: Int) throws(ImageCodecError) {
        storage.written.reserveCapacity(expectedSize)
        handle = open(mode: "wl")
        guard handle != nil else { throw ImageCodecError(.encodeFailed, "TIFF encoding failed: \(storage.message ?? "libtiff could not start")") }
    }

    deinit {
        if let handle { TIFFClose(handle) }
    }

    /// Closes the handle (flushing a file being written) and returns what was written.
    func finish() throws(ImageCodecError) -> [UInt8] {
        if let handle { TIFFClose(handle) }
        handle = nil
        if let message = storage.message { throw ImageCodecError(.encodeFailed, "TIFF encoding failed: \(message)") }
        return storage.written
    }

    private func open(mode: String) -> OpaquePointer? {
        let options = TIFFOpenOptionsAlloc()
        defer { TIFFOpenOptionsFree(options) }
        let context = Unmanaged.passUnretained(storage).toOpaque()
        TIFFOpenOptionsSetErrorHandlerExtR(options, { _, context, module, format, arguments in
            guard let context, let format, let arguments else { return 1 }
            let storage = Unmanaged<Storage>.fromOpaque(context).takeUnretainedValue()
            guard storage.message == nil else { return 1 }
            var text = [CChar](repeating: 0, count: 512)
            _ = vsnprintf(&text, text.count, format, arguments)
            let detail = text.withUnsafeBufferPointer { String(decoding: UnsafeRawBufferPointer($0).prefix { $0 != 0 }, as: UTF8.self) }
            storage.message = module.map { "\(String(cString: $0)): \(detail)" } ?? detail
            return 1
        }, context)
        TIFFOpenOptionsSetWarningHandlerExtR(options, { _, _, _, _, _ in 1 }, context)
        return TIFFClientOpenExt(
            "memory", mode, context,
            { context, buffer, size in TIFFFile.storage(context).read(buffer, size) },
            { context, buffer, size in TIFFFile.storage(context).write(buffer, size) },
            { context, offset, whence in TIFFFile.storage(context).seek(offset, whence) },
            { _ in 0 },
            { context in toff_t(TIFFFile.storage(context).count) },
            { context, base, size in
                let storage = TIFFFile.storage(context)
                guard let readable = storage.readable, let address = readable.baseAddress else { return 0 }
                base?.pointee = UnsafeMutableRawPointer(mutating: address)
                size?.pointee = toff_t(readable.count)
                return 1
            },
            { _, _, _ in },
            options)
    }

    private static func storage(_ context: thandle_t?) -> Storage {
        Unmanaged<Storage>.fromOpaque(context!).takeUnretainedValue()
    }
}

extension TIFFFile.Storage {
    func read(_ buffer: UnsafeMutableRawPointer?, _ size: tmsize_t) -> tmsize_t {
        guard let buffer, size > 0 else { return 0 }
        let available = max(0, count - position)
        let length = min(Int(size), available)
        if let readable {
            buffer.copyMemory(from: readable.baseAddress! + position, byteCount: length)
        } else {
            written.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress! + position, byteCount: length) }
        }
        position += length
        return tmsize_t(length)
    }

    func write(_ buffer: UnsafeMutableRawPointer?, _ size: tmsize_t) -> tmsize_t {
        guard readable == nil, let buffer, size >= 0 else { return -1 }
        let length = Int(size)
        if position == written.count {
            // The common case: libtiff appends a strip. append grows the buffer geometrically.
            written.append(contentsOf: UnsafeRawBufferPointer(start: buffer, count: length))
        } else {
            if position + length > written.count {
                written.append(contentsOf: repeatElement(0, count: position + length - written.count))
            }
            written.withUnsafeMutableBytes { $0.baseAddress!.advanced(by: position).copyMemory(from: buffer, byteCount: length) }
        }
        position += length
        return size
    }

    func seek(_ offset: toff_t, _ whence: Int32) -> toff_t {
        let base = switch whence {
        case SEEK_CUR: position
        case SEEK_END: count
        default: 0
        }
        let target = base + Int(Int64(bitPattern: offset))
        guard target >= 0 else { return toff_t.max }
        position = target
        return toff_t(target)
    }
}
