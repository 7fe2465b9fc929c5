internal import PixelKernels

extension ColorTables {
    /// ``toLinearQ14`` and ``toSRGBClamped`` as bytes, for the AVX-512 restore loop's lookups in registers
    /// (`relight_pk_byte_tables`); nil only if the sRGB table could not be split into its chunks, which
    /// leaves that loop unused (the tests check that it can).
    static let byteTables: relight_pk_byte_tables? = byteTables(toLinear: toLinearQ14, toSRGB: toSRGBClamped)

    /// ``toLinear16`` and ``toSRGB`` as bytes, for the AVX-512 relight loop, as ``byteTables``.
    static let relightByteTables: relight_pk_byte_tables? = byteTables(toLinear: toLinear16, toSRGB: toSRGB)

    /// `toLinear` (256 values) and `toSRGB` (more than 16384 codes) as `relight_pk_byte_tables`, or nil.
    static func byteTables(toLinear: [UInt16], toSRGB: [UInt8]) -> relight_pk_byte_tables? {
        precondition(toLinear.count == 256 && toSRGB.count > 16384, "a linear table of 256 values and an sRGB table past 16384")
        var tables = relight_pk_byte_tables()
        let made = toLinear.withUnsafeBufferPointer { linear in
            toSRGB.withUnsafeBufferPointer { relight_pk_make_byte_tables(linear.baseAddress!, $0.baseAddress!, Int32($0.count), &tables) }
        }
        return made == 1 ? tables : nil
    }
}
