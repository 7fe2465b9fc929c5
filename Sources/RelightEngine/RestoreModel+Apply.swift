import ImagePixels

extension RestoreModel {
    /// Carries the model's light and colour onto `image` in place: each pixel slices the grid trilinearly by
    /// (x, y, its own luminance) and goes through that affine transform in linear light. Alpha is untouched.
    ///
    /// Streams rows through ``AffineGrid``: no image-sized float buffers; sRGB in and out by tables.
    /// `threads` > 1 splits the rows into that many bands run with `concurrentPerform`.
    /// `kernel` picks the implementation; every kernel gives the same bytes (``PixelKernel``).
    public func apply(to image: inout PixelBuffer, threads: Int = 1, kernel: PixelKernel = .best) {
        let height = image.height, channels = image.channels
        let grid = AffineGrid(model: self, width: image.width, height: height, kernel: kernel)
        image.bytes.withUnsafeMutableBufferPointer { buffer in
            let pixels = SendablePointer(buffer.baseAddress!)
            RowBands.run(height: height, threads: threads) { rows in
                grid.run(rows: rows, from: UnsafePointer(pixels.pointer), to: pixels.pointer, channels: channels)
            }
        }
    }

    /// A restored copy of `original`, written straight into a new buffer: no copy of the original first,
    /// and no zero fill of memory that every byte of is then written. (No huge-page hint: right after the
    /// decoder's buffer took the free huge pages, the kernel's compaction for a second 72 MB one cost a
    /// first apply ~130 ms more than the ordinary page faults.)
    public func applied(to original: PixelBuffer, threads: Int = 1, kernel: PixelKernel = .best) -> PixelBuffer {
        let height = original.height, channels = original.channels
        let grid = AffineGrid(model: self, width: original.width, height: height, kernel: kernel)
        let bytes = original.bytes.withUnsafeBufferPointer { source in
            let from = SendablePointer(UnsafeMutablePointer(mutating: source.baseAddress!))
            return [UInt8](unsafeUninitializedCapacity: source.count) { buffer, count in
                let to = SendablePointer(buffer.baseAddress!)
                RowBands.run(height: height, threads: threads) { rows in
                    grid.run(rows: rows, from: UnsafePointer(from.pointer), to: to.pointer, channels: channels)
                }
                count = source.count
            }
        }
        return PixelBuffer(width: original.width, height: height, layout: original.layout, bytes: bytes)
    }

    /// A restore of `original` handed to `body` a strip of `stripRows` rows at a time, top to bottom, for an
    /// encoder that takes rows (``JPEGStripWriter`` in ImageCodecs): the strip is reused, so no image-sized
    /// output buffer is allocated, and each strip is still in cache when `body` reads it. `original` is
    /// untouched. `body` gets the strip's pixels (packed, `original`'s layout) and its row count.
    public func applyStrips<E: Error>(
        to original: PixelBuffer, stripRows: Int = 32, threads: Int = 1, kernel: PixelKernel = .best,
        _ body: (UnsafePointer<UInt8>, Int) throws(E) -> Void
    ) throws(E) {
        let channels = original.channels
        let grid = AffineGrid(model: self, width: original.width, height: original.height, kernel: kernel)
        try RowBands.strips(of: original, stripRows: stripRows, threads: threads, pass: { rows, source, strip, firstRow in
            grid.run(rows: rows, from: source, to: strip, channels: channels, destinationRow: firstRow)
        }, body)
    }

    /// A restore that never holds the original at all: `fill(strip, rows)` decodes the original's next rows
    /// into the strip (8-bit RGB, packed, ``width`` × ``height`` in all; ``JPEGStripReader`` in ImageCodecs),
    /// the model is applied there in place, and `body` gets the strip for the encoder, top to bottom. The
    /// same bytes as ``applyStrips(to:stripRows:threads:kernel:_:)`` on the decoded original.
    public func applyStrips<E: Error>(
        width: Int, height: Int, stripRows: Int = 32, threads: Int = 1, kernel: PixelKernel = .best,
        fill: (UnsafeMutablePointer<UInt8>, Int) throws(E) -> Void, _ body: (UnsafePointer<UInt8>, Int) throws(E) -> Void
    ) throws(E) {
        let grid = AffineGrid(model: self, width: width, height: height, kernel: kernel)
        try RowBands.strips(height: height, rowBytes: width * 3, stripRows: stripRows, threads: threads, fill: fill, pass: { rows, strip, firstRow in
            grid.run(rows: rows, from: UnsafePointer(strip), to: strip, channels: 3, sourceRow: firstRow, destinationRow: firstRow)
        }, body)
    }

    /// As ``apply(to:threads:)`` for 16-bit samples: the luminance coordinate comes from their top 8 bits
    /// (the grid is smooth in it), the transform is applied to all 16.
    public func apply(to image: inout PixelBuffer16, threads: Int = 1) {
        let height = image.height, channels = image.channels
        let grid = AffineGrid(model: self, width: image.width, height: height)
        image.samples.withUnsafeMutableBufferPointer { buffer in
            let pixels = SendablePointer(buffer.baseAddress!)
            RowBands.run(height: height, threads: threads) { rows in
                grid.run(rows: rows, deep: UnsafePointer(pixels.pointer), to: pixels.pointer, channels: channels)
            }
        }
    }

    /// A 16-bit copy of `original` with the model applied.
    public func applied(to original: PixelBuffer16, threads: Int = 1) -> PixelBuffer16 {
        let height = original.height, channels = original.channels
        let grid = AffineGrid(model: self, width: original.width, height: height)
        let samples = original.samples.withUnsafeBufferPointer { source in
            let from = SendablePointer(UnsafeMutablePointer(mutating: source.baseAddress!))
            return [UInt16](unsafeUninitializedCapacity: source.count) { buffer, count in
                let to = SendablePointer(buffer.baseAddress!)
                RowBands.run(height: height, threads: threads) { rows in
                    grid.run(rows: rows, deep: UnsafePointer(from.pointer), to: to.pointer, channels: channels)
                }
                count = source.count
            }
        }
        return PixelBuffer16(width: original.width, height: height, layout: original.layout, samples: samples)
    }
}

extension AffineGrid {
    /// Restores `rows` of 8-bit pixels from `source` into `destination` (which may be the same memory),
    /// whose first rows are image rows `sourceRow` and `destinationRow` (0: the whole image; a strip's first
    /// row): in fixed point (``runFixed``), or for grids of more than 8 luminance intervals by the float loop below.
    func run(
        rows: Range<Int>, from source: UnsafePointer<UInt8>, to destination: UnsafeMutablePointer<UInt8>, channels: Int,
        sourceRow: Int = 0, destinationRow: Int = 0
    ) {
        if lanes != nil {
            return runFixed(
                rows: rows, from: source, to: destination, channels: channels, sourceRow: sourceRow, destinationRow: destinationRow)
        }
        let scale = SIMD4<Float>(repeating: ColorTables.clampedScale), depth = depth
        let rowSlab = UnsafeMutablePointer<SIMD4<Float>>.allocate(capacity: slabCount)
        defer { rowSlab.deallocate() }
        ColorTables.toLinear.withUnsafeBufferPointer { linear in
            ColorTables.toSRGBClamped.withUnsafeBufferPointer { encode in
                luma.red.withUnsafeBufferPointer { zr in
                    luma.green.withUnsafeBufferPointer { zg in
                        luma.blue.withUnsafeBufferPointer { zb in
                            columnWeight.withUnsafeBufferPointer { weights in
                                let lin = linear.baseAddress!, srgb = encode.baseAddress!
                                let zr = zr.baseAddress!, zg = zg.baseAddress!, zb = zb.baseAddress!
                                for y in rows {
                                    slab(row: y, into: rowSlab)
                                    var p = source + (y - sourceRow) * width * channels, q = destination + (y - destinationRow) * width * channels
                                    for c in 0..<cellsX {
                                        let cell = UnsafePointer(rowSlab + c * cellStride)
                                        for x in cellStart[c]..<cellStart[c + 1] {
                                            let r = Int(p[0]), g = Int(p[1]), b = Int(p[2])
                                            let out = Self.transform(
                                                cell: cell, depth: depth, wx: weights[x], z: zr[r] + zg[g] + zb[b],
                                                r: lin[r], g: lin[g], b: lin[b])
                                            let index = Self.indices(out, scale: scale)
                                            q[0] = srgb[Int(index.x)]
                                            q[1] = srgb[Int(index.y)]
                                            q[2] = srgb[Int(index.z)]
                                            if channels == 4 { q[3] = p[3] }
                                            p += channels
                                            q += channels
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// As ``run(rows:from:to:channels:)`` for 16-bit samples.
    func run(rows: Range<Int>, deep source: UnsafePointer<UInt16>, to destination: UnsafeMutablePointer<UInt16>, channels: Int) {
        let depth = depth
        let rowSlab = UnsafeMutablePointer<SIMD4<Float>>.allocate(capacity: slabCount)
        defer { rowSlab.deallocate() }
        ColorTables.deepToLinear.withUnsafeBufferPointer { linear in
            ColorTables.deepFromLinearClamped.withUnsafeBufferPointer { encode in
                luma.red.withUnsafeBufferPointer { zr in
                    luma.green.withUnsafeBufferPointer { zg in
                        luma.blue.withUnsafeBufferPointer { zb in
                            columnWeight.withUnsafeBufferPointer { weights in
                                let lin = linear.baseAddress!, back = encode.baseAddress!
                                let zr = zr.baseAddress!, zg = zg.baseAddress!, zb = zb.baseAddress!
                                for y in rows {
                                    slab(row: y, into: rowSlab)
                                    let offset = y * width * channels
                                    var p = source + offset, q = destination + offset
                                    for c in 0..<cellsX {
                                        let cell = UnsafePointer(rowSlab + c * cellStride)
                                        for x in cellStart[c]..<cellStart[c + 1] {
                                            let r = Int(p[0]), g = Int(p[1]), b = Int(p[2])
                                            let out = Self.transform(
                                                cell: cell, depth: depth, wx: weights[x], z: zr[r >> 8] + zg[g >> 8] + zb[b >> 8],
                                                r: lin[r], g: lin[g], b: lin[b])
                                            let index = Self.rootIndices(out)
                                            q[0] = back[Int(index.x)]
                                            q[1] = back[Int(index.y)]
                                            q[2] = back[Int(index.z)]
                                            if channels == 4 { q[3] = p[3] }
                                            p += channels
                                            q += channels
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
