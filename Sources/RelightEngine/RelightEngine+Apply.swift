import ImagePixels

extension RelightEngine {
    /// Multiplies every pixel, in linear light, by the bilinearly upsampled gain, and re-encodes to sRGB.
    func apply(_ map: GainMap, to image: inout PixelBuffer) {
        let width = image.width, height = image.height, channels = image.channels
        let factor = Float(map.factor)
        let lowWidth = map.width, lowHeight = map.height

        // Per output column: the two cells it lies between and the weight of the second.
        var columnIndex = [Int32](repeating: 0, count: width)
        var columnWeight = [Float](repeating: 0, count: width)
        for x in 0..<width {
            let u = max(0, (Float(x) + 0.5) / factor - 0.5)
            let x0 = min(lowWidth - 1, Int(u))
            columnIndex[x] = Int32(x0)
            columnWeight[x] = x0 + 1 < lowWidth ? u - Float(x0) : 0
        }
        var rowGain = [SIMD4<Float>](repeating: .zero, count: lowWidth + 1)
        let scale = ColorTables.linearScale
        let maxIndex = Float(ColorTables.linearScale * ColorTables.linearMax)

        ColorTables.toLinear.withUnsafeBufferPointer { toLinear in
            ColorTables.toSRGB.withUnsafeBufferPointer { toSRGB in
                map.gains.withUnsafeBufferPointer { gains in
                    columnIndex.withUnsafeBufferPointer { columns in
                        columnWeight.withUnsafeBufferPointer { weights in
                            rowGain.withUnsafeMutableBufferPointer { row in
                                image.bytes.withUnsafeMutableBufferPointer { pixels in
                                    let lin = toLinear.baseAddress!, srgb = toSRGB.baseAddress!
                                    for y in 0..<height {
                                        // Vertical interpolation once per row, pre-scaled to table units.
                                        let v = max(0, (Float(y) + 0.5) / factor - 0.5)
                                        let y0 = min(lowHeight - 1, Int(v))
                                        let y1 = min(lowHeight - 1, y0 + 1)
                                        let wy = y1 > y0 ? v - Float(y0) : 0
                                        let g0 = gains.baseAddress! + y0 * lowWidth
                                        let g1 = gains.baseAddress! + y1 * lowWidth
                                        for i in 0..<lowWidth {
                                            row[i] = (g0[i] + (g1[i] - g0[i]) * wy) * scale
                                        }
                                        row[lowWidth] = row[lowWidth - 1]
                                        var p = pixels.baseAddress! + y * width * channels
                                        for x in 0..<width {
                                            let c = Int(columns[x])
                                            let a = row[c]
                                            let gain = a + (row[c + 1] - a) * weights[x]
                                            let linear = SIMD4<Float>(lin[Int(p[0])], lin[Int(p[1])], lin[Int(p[2])], 0) * gain
                                            let index = SIMD4<Int32>(linear.replacing(with: maxIndex, where: linear .> maxIndex), rounding: .towardZero)
                                            p[0] = srgb[Int(index[0])]
                                            p[1] = srgb[Int(index[1])]
                                            p[2] = srgb[Int(index[2])]
                                            p += channels
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
