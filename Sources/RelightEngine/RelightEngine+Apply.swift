import ImagePixels
internal import PixelKernels

extension RelightEngine {
    /// Multiplies every pixel, in linear light, by the bilinearly upsampled gain, and re-encodes to sRGB.
    ///
    /// Fixed-point throughout: linear light in 1/8192 steps, gains in 1/4096 steps. Each gain-map row
    /// is upsampled horizontally once; each output row is then a vertical blend of two such rows, and
    /// each sample two table lookups and a multiply. RGB rows run in the C kernels (`PixelKernels`:
    /// AVX-512, AVX2 or one sample at a time, all the same bytes); RGBA rows in the Swift loop here.
    func apply(_ map: GainMap, to image: inout PixelBuffer) {
        let threads = threads, height = image.height, channels = image.channels
        let pass = gainPass(map, width: image.width)
        image.bytes.withUnsafeMutableBufferPointer { buffer in
            let pixels = SendablePointer(buffer.baseAddress!)
            RowBands.run(height: height, threads: threads) { rows in
                pass(rows, UnsafePointer(pixels.pointer), pixels.pointer, channels, 0)
            }
        }
    }

    /// `image` relit and handed to `body` a strip of `stripRows` rows at a time, top to bottom, for an
    /// encoder that takes rows (``JPEGStripWriter`` in ImageCodecs): no copy of `image` is made and no
    /// image-sized output buffer allocated. `body` gets the strip's pixels (packed, `image`'s layout, alpha
    /// as it was) and its row count. The bytes are those of ``relight(_:plan:)``.
    public func relightStrips<E: Error>(
        _ image: PixelBuffer, plan: LightingPlan, stripRows: Int = 64, _ body: (UnsafePointer<UInt8>, Int) throws(E) -> Void
    ) throws(E) {
        let channels = image.channels
        let pass = gainPass(GainMap(image: image, plan: plan), width: image.width)
        try RowBands.strips(of: image, stripRows: stripRows, threads: threads, pass: { rows, source, strip, firstRow in
            pass(rows, source, strip, channels, firstRow)
        }, body)
    }

    /// The per-row half of ``apply(_:to:)``: (rows, source, destination, channels, destinationRow) relights
    /// `rows` of `source` into `destination` (which may be the same memory), whose first row is image row
    /// `destinationRow`. Alpha is copied.
    private func gainPass(
        _ map: GainMap, width: Int
    ) -> @Sendable (Range<Int>, UnsafePointer<UInt8>, UnsafeMutablePointer<UInt8>, Int, Int) -> Void {
        let factor = Float(map.factor)
        let lowWidth = map.width, lowHeight = map.height
        let rowLength = width * 3

        // Per output column: the cell it starts from and the weight (0...256) of the next cell.
        var columns = [Int](repeating: 0, count: width)
        var weights = [Int32](repeating: 0, count: width)
        for x in 0..<width {
            let u = max(0, (Float(x) + 0.5) / factor - 0.5)
            let x0 = min(lowWidth - 1, Int(u))
            columns[x] = x0
            weights[x] = x0 + 1 < lowWidth ? Int32(((u - Float(x0)) * 256).rounded()) : 0
        }
        // The columns each cell starts (columns[x] is non-decreasing), so a row is upsampled a cell at a time:
        // the two cells' gains and their difference once, then a multiply and an add per column.
        var starts = [Int](repeating: width, count: lowWidth + 1)
        for x in stride(from: width - 1, through: 0, by: -1) { starts[columns[x]] = x }
        for c in stride(from: lowWidth - 1, through: 0, by: -1) where starts[c] > starts[c + 1] { starts[c] = starts[c + 1] }
        let cellStart = starts.map { Int32($0) }
        let fractions = weights.map { Float($0) / 256 }
        let gains = map.gains

        /// Gain-map row `j`, upsampled to full width, as fixed-point RGB (1/4096 steps, 0…32767); `out` holds
        /// one value more than the row (`relight_pk_upsample_gains` stores four at a time).
        @Sendable func upsampledRow(_ j: Int, into out: UnsafeMutablePointer<Int16>) {
            gains.withUnsafeBufferPointer { gains in
                cellStart.withUnsafeBufferPointer { cellStart in
                    fractions.withUnsafeBufferPointer { fractions in
                        UnsafeRawPointer(gains.baseAddress! + j * lowWidth).withMemoryRebound(to: Float.self, capacity: lowWidth * 4) { row in
                            relight_pk_upsample_gains(row, Int32(lowWidth), cellStart.baseAddress!, fractions.baseAddress!, out)
                        }
                    }
                }
            }
        }

        let kernel = kernel
        return { rows, source, destination, channels, destinationRow in
            // Each band keeps its own two upsampled gain rows (and the Swift loop their blend).
            let upper = UnsafeMutablePointer<Int16>.allocate(capacity: rowLength + 1)
            let lower = UnsafeMutablePointer<Int16>.allocate(capacity: rowLength + 1)
            let blended = UnsafeMutablePointer<Int32>.allocate(capacity: rowLength)
            defer {
                upper.deallocate()
                lower.deallocate()
                blended.deallocate()
            }
            var upperRow = -1, lowerRow = -1
            // RGB rows by the C kernels (AVX-512 or AVX2 where they run); RGBA keeps the Swift loop (the gain
            // rows are RGB only).
            // Without its byte tables (never, for this curve) the AVX-512 loop cannot run; AVX2 gives the same bytes.
            let byteTables = ColorTables.relightByteTables
            let level: Int32? = channels == 3 ? (byteTables == nil ? min(kernel.level, 1) : kernel.level) : nil
            ColorTables.toLinear16.withUnsafeBufferPointer { toLinear in
                ColorTables.toLinear32.withUnsafeBufferPointer { toLinear32 in
                    ColorTables.toSRGB.withUnsafeBufferPointer { toSRGB in
                        withUnsafePointer(to: byteTables ?? relight_pk_byte_tables()) { bytes in
                            let lin = toLinear.baseAddress!, srgb = toSRGB.baseAddress!
                            var kernelRow = relight_pk_gain_row(
                                width: Int32(width), to_linear: lin, to_linear32: toLinear32.baseAddress!, to_srgb: srgb, byte_tables: bytes)
                            for y in rows {
                                let v = max(0, (Float(y) + 0.5) / factor - 0.5)
                                let y0 = min(lowHeight - 1, Int(v))
                                let y1 = min(lowHeight - 1, y0 + 1)
                                let wy = y1 > y0 ? Int32(((v - Float(y0)) * 256).rounded()) : 0
                                if upperRow != y0 {
                                    if lowerRow == y0 {
                                        upper.update(from: lower, count: rowLength)
                                    } else {
                                        upsampledRow(y0, into: upper)
                                    }
                                    upperRow = y0
                                }
                                if lowerRow != y1 {
                                    upsampledRow(y1, into: lower)
                                    lowerRow = y1
                                }
                                let p = source + y * width * channels, q = destination + (y - destinationRow) * width * channels
                                if let level {
                                    relight_pk_gain_row_u8(&kernelRow, p, q, upper, lower, wy, level)
                                    continue
                                }
                                for k in 0..<rowLength {
                                    let a = Int32(upper[k])
                                    blended[k] = a &+ (((Int32(lower[k]) &- a) &* wy) &>> 8)
                                }
                                Self.gainRow(p, to: q, gains: blended, width: width, channels: channels, linear: lin, encode: srgb)
                            }
                        }
                    }
                }
            }
        }
    }

    /// One row of the pass in Swift: each sample times its gain in linear light, back to sRGB; alpha copied.
    @inline(__always)
    private static func gainRow(
        _ source: UnsafePointer<UInt8>, to destination: UnsafeMutablePointer<UInt8>, gains: UnsafePointer<Int32>, width: Int,
        channels: Int, linear lin: UnsafePointer<UInt16>, encode srgb: UnsafePointer<UInt8>
    ) {
        var p = source, q = destination, g = gains
        for _ in 0..<width {
            // Index ≤ 8192 × 32767 >> 12 < 65536: the table covers it, so no clamp is needed.
            let r = (UInt32(lin[Int(p[0])]) &* UInt32(bitPattern: g[0])) &>> 12
            let gr = (UInt32(lin[Int(p[1])]) &* UInt32(bitPattern: g[1])) &>> 12
            let b = (UInt32(lin[Int(p[2])]) &* UInt32(bitPattern: g[2])) &>> 12
            q[0] = srgb[Int(r)]
            q[1] = srgb[Int(gr)]
            q[2] = srgb[Int(b)]
            if channels == 4 { q[3] = p[3] }
            p += channels
            q += channels
            g += 3
        }
    }
}
