internal import CTIFF
import ImagePixels

/// Reads the strips or tiles of an 8- or 16-bit gray or RGB(A) TIFF into interleaved RGB(A) samples
/// of the same depth. libtiff decompresses each block and swaps bytes to the host's order.
struct TIFFPixelReader<Sample: FixedWidthInteger & UnsignedInteger> {
    let file: TIFFFile
    let layout: TIFFCodec.Layout

    private var outChannels: Int { layout.layout.channels }

    func read(into out: UnsafeMutableBufferPointer<Sample>) throws(ImageCodecError) {
        let tif = file.handle
        let tiled = TIFFIsTiled(tif) != 0
        var blockWidth: UInt32 = UInt32(layout.width), blockHeight: UInt32 = 0
        if tiled {
            _ = relight_tiff_get_u32(tif, UInt32(TIFFTAG_TILEWIDTH), &blockWidth)
            _ = relight_tiff_get_u32(tif, UInt32(TIFFTAG_TILELENGTH), &blockHeight)
        } else {
            blockHeight = UInt32(layout.height)
            _ = relight_tiff_get_u32(tif, UInt32(TIFFTAG_ROWSPERSTRIP), &blockHeight)
        }
        let bw = Int(blockWidth), bh = min(Int(blockHeight), Int(Int32.max))
        guard bw > 0, bh > 0 else { throw TIFFCodec.failure("the tile or strip size is zero", stage: "header") }
        let blockSize = Int(tiled ? TIFFTileSize(tif) : TIFFStripSize(tif))
        guard blockSize > 0 else { throw TIFFCodec.failure(file.storage.message ?? "the strip size is zero", stage: "header") }
        // A tile or strip far larger than the image itself is a decompression bomb, not a photo.
        let imageBytes = layout.width * layout.height * layout.samplesPerPixel * MemoryLayout<Sample>.size
        guard blockSize <= max(64 << 20, imageBytes * 2) else {
            throw ImageCodecError(.corrupt, "the TIFF declares \(tiled ? "tiles" : "strips") of \(blockSize / 1_000_000) MB for a \(layout.width)×\(layout.height) image; the file is damaged")
        }
        let planes = layout.planar == 2 ? layout.samplesPerPixel : 1
        let usedPlanes = layout.planar == 2 ? min(planes, outChannels == 4 ? layout.colorChannels + 1 : layout.colorChannels) : 1
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: blockSize, alignment: 16)
        defer { block.deallocate() }
        for plane in 0..<usedPlanes {
            var y = 0
            while y < layout.height {
                var x = 0
                while x < layout.width {
                    let index = tiled
                        ? TIFFComputeTile(tif, UInt32(x), UInt32(y), 0, UInt16(plane))
                        : TIFFComputeStrip(tif, UInt32(y), UInt16(plane))
                    let got = tiled
                        ? TIFFReadEncodedTile(tif, index, block.baseAddress, tmsize_t(blockSize))
                        : TIFFReadEncodedStrip(tif, index, block.baseAddress, tmsize_t(blockSize))
                    guard got > 0 else {
                        throw TIFFCodec.failure(file.storage.message ?? "block \(index) cannot be read", stage: "image data")
                    }
                    let rows = min(bh, layout.height - y), columns = min(bw, layout.width - x)
                    copy(block, blockWidth: bw, rows: rows, columns: columns, x: x, y: y, plane: plane, into: out)
                    x += tiled ? bw : layout.width
                }
                y += bh
            }
        }
        if layout.alpha == .premultiplied { unpremultiply(out) }
    }

    /// Copies one decoded block to its place, widening gray and dropping unused extra samples.
    private func copy(
        _ block: UnsafeMutableRawBufferPointer, blockWidth: Int, rows: Int, columns: Int, x: Int, y: Int, plane: Int,
        into out: UnsafeMutableBufferPointer<Sample>
    ) {
        let src = block.bindMemory(to: Sample.self)
        let inChannels = layout.planar == 2 ? 1 : layout.samplesPerPixel
        let invert = layout.photometric == 0
        let color = layout.colorChannels
        for row in 0..<rows {
            let srcRow = row * blockWidth * inChannels
            let dstRow = ((y + row) * layout.width + x) * outChannels
            if layout.planar == 2 {
                for column in 0..<columns {
                    let value = src[srcRow + column]
                    if plane < color {
                        let v = invert ? ~value : value
                        if color == 1 {
                            for c in 0..<3 { out[dstRow + column * outChannels + c] = v }
                        } else {
                            out[dstRow + column * outChannels + plane] = v
                        }
                    } else {
                        out[dstRow + column * outChannels + 3] = value
                    }
                }
            } else if inChannels == outChannels, color == 3 {
                let start = out.baseAddress! + dstRow
                start.update(from: src.baseAddress! + srcRow, count: columns * outChannels)
            } else {
                for column in 0..<columns {
                    let s = srcRow + column * inChannels, d = dstRow + column * outChannels
                    if color == 3 {
                        for c in 0..<3 { out[d + c] = src[s + c] }
                    } else {
                        let v = invert ? ~src[s] : src[s]
                        out[d] = v
                        out[d + 1] = v
                        out[d + 2] = v
                    }
                    if outChannels == 4 { out[d + 3] = src[s + color] }
                }
            }
        }
    }

    /// Associated (premultiplied) alpha becomes straight alpha.
    private func unpremultiply(_ out: UnsafeMutableBufferPointer<Sample>) {
        let maxValue = UInt64(Sample.max)
        var i = 0
        while i + 3 < out.count {
            let a = UInt64(out[i + 3])
            if a > 0, a < maxValue {
                for c in 0..<3 { out[i + c] = Sample(min(maxValue, (UInt64(out[i + c]) * maxValue + a / 2) / a)) }
            }
            i += 4
        }
    }
}
