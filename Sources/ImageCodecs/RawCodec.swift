internal import CLibRaw
import ImagePixels
import ImageSniffing

/// Camera RAW through LibRaw: camera white balance, 16 bits per channel, sRGB primaries and
/// transfer curve (the space the engine works in), and the camera's orientation. In `preview` mode
/// the embedded JPEG is used when it is (nearly) full size.
enum RawCodec {
    static func probe(_ bytes: [UInt8], content: ImageContent) throws(ImageCodecError) -> ImageHeader {
        try bytes.withUnsafeBytes { raw in
            Result { () throws(ImageCodecError) in
                let handle = try LibRawHandle(raw, content: content.displayName)
                return header(handle, content: content)
            }
        }.get()
    }

    /// The developed size, as the camera shows it (after its orientation).
    private static func header(_ handle: LibRawHandle, content: ImageContent) -> ImageHeader {
        let sizes = handle.raw.pointee.sizes
        let swap = sizes.flip & 4 != 0
        return ImageHeader(
            format: .raw, width: Int(swap ? sizes.height : sizes.width), height: Int(swap ? sizes.width : sizes.height),
            hasAlpha: false, bitsPerChannel: 16, content: content)
    }

    static func decode(_ bytes: [UInt8], content: ImageContent, options: DecodeOptions) throws(ImageCodecError) -> CodecOutput {
        try bytes.withUnsafeBytes { raw in
            Result { () throws(ImageCodecError) in
                let handle = try LibRawHandle(raw, content: content.displayName)
                let sizes = handle.raw.pointee.sizes
                let sensor = Int(sizes.raw_width) * Int(sizes.raw_height)
                let image = Int(sizes.width) * Int(sizes.height)
                guard max(sensor, image) <= options.maxPixels else {
                    throw ImageCodecError.tooLarge(width: Int(sizes.raw_width), height: Int(sizes.raw_height), limit: options.maxPixels)
                }
                let metadata = ImageMetadata(exif: RawExif.block(bytes, handle: handle), orientation: 1)
                let version = String(cString: libraw_version())
                if options.raw == .preview, var output = try preview(handle, options: options) {
                    output.metadata.exif = metadata.exif
                    output.decoder = "LibRaw \(version) embedded preview"
                    return output
                }
                var output = try develop(handle, keepDeep: options.keepDeepPixels, metadata: metadata)
                output.decoder = "LibRaw \(version) develop"
                return output
            }
        }.get()
    }

    /// Demosaics with the camera's white balance into sRGB, oriented: 16 bits when the caller keeps
    /// deep pixels, else LibRaw's own 8-bit rendering (half the memory, no second conversion).
    private static func develop(_ handle: LibRawHandle, keepDeep: Bool, metadata: ImageMetadata) throws(ImageCodecError) -> CodecOutput {
        let data = handle.raw
        data.pointee.params.use_camera_wb = 1
        data.pointee.params.use_camera_matrix = 1
        data.pointee.params.output_color = 1  // sRGB
        data.pointee.params.output_bps = keepDeep ? 16 : 8
        data.pointee.params.gamm.0 = 1 / 2.4  // the sRGB curve
        data.pointee.params.gamm.1 = 12.92
        var status = libraw_unpack(data)
        guard status == LIBRAW_SUCCESS.rawValue else { throw handle.failure(status, stage: "sensor data") }
        try handle.checkData(stage: "sensor data")
        status = libraw_dcraw_process(data)
        guard status == LIBRAW_SUCCESS.rawValue else { throw handle.failure(status, stage: "development") }
        try handle.checkData(stage: "sensor data")
        var error: Int32 = 0
        guard let processed = libraw_dcraw_make_mem_image(data, &error) else { throw handle.failure(error, stage: "development") }
        defer { libraw_dcraw_clear_mem(processed) }
        let width = Int(processed.pointee.width), height = Int(processed.pointee.height)
        let colors = Int(processed.pointee.colors), bits = Int(processed.pointee.bits)
        guard width > 0, height > 0, bits == (keepDeep ? 16 : 8), colors == 3 || colors == 1 else {
            throw ImageCodecError(.unsupported, "LibRaw developed the \(handle.content) to \(colors) channels of \(bits) bits, which relight does not handle")
        }
        let offset = MemoryLayout<libraw_processed_image_t>.offset(of: \libraw_processed_image_t.data)!
        let samples = UnsafeRawPointer(processed).advanced(by: offset)
        let count = width * height * 3
        if keepDeep {
            let values = [UInt16](unsafeUninitializedCapacity: count) { buffer, initialized in
                widen(samples, as: UInt16.self, colors: colors, pixels: width * height, into: buffer.baseAddress!)
                initialized = count
            }
            return CodecOutput(deep: PixelBuffer16(width: width, height: height, layout: .rgb, samples: values), metadata: metadata)
        }
        let values = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            widen(samples, as: UInt8.self, colors: colors, pixels: width * height, into: buffer.baseAddress!)
            initialized = count
        }
        return CodecOutput(pixels: PixelBuffer(width: width, height: height, layout: .rgb, bytes: values), metadata: metadata)
    }

    /// Copies LibRaw's RGB samples, or spreads its gray ones (a monochrome sensor) over RGB.
    private static func widen<Sample>(
        _ source: UnsafeRawPointer, as: Sample.Type, colors: Int, pixels: Int, into out: UnsafeMutablePointer<Sample>
    ) {
        if colors == 3 {
            UnsafeMutableRawPointer(out).copyMemory(from: source, byteCount: pixels * 3 * MemoryLayout<Sample>.stride)
            return
        }
        for i in 0..<pixels {
            let v = source.loadUnaligned(fromByteOffset: i * MemoryLayout<Sample>.stride, as: Sample.self)
            (out + i * 3).initialize(repeating: v, count: 3)
        }
    }

    /// The embedded JPEG, oriented as the camera says, when it is at least 90% of the full size.
    private static func preview(_ handle: LibRawHandle, options: DecodeOptions) throws(ImageCodecError) -> CodecOutput? {
        let data = handle.raw
        guard libraw_unpack_thumb(data) == LIBRAW_SUCCESS.rawValue else { return nil }
        let thumbnail = data.pointee.thumbnail
        let sizes = data.pointee.sizes
        guard thumbnail.tformat == LIBRAW_THUMBNAIL_JPEG, let jpeg = thumbnail.thumb, thumbnail.tlength > 0,
              max(Int(thumbnail.twidth), Int(thumbnail.theight)) * 10 >= max(Int(sizes.width), Int(sizes.height)) * 9
        else { return nil }
        let bytes = Array(UnsafeRawBufferPointer(start: jpeg, count: Int(thumbnail.tlength)))
        guard let (pixels, _) = try? JPEGCodec.decode(bytes, maxPixels: options.maxPixels, minimumScale: options.minimumScale) else { return nil }
        let orientation = switch sizes.flip {
        case 3: 3
        case 5: 8
        case 6: 6
        default: 1
        }
        return CodecOutput(pixels: pixels, metadata: ImageMetadata(orientation: orientation))
    }
}
