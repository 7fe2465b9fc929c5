import PixelKernels
@testable import RelightEngine
import Testing

/// The byte tables the AVX-512 restore and relight loops look their values up in (`relight_pk_byte_tables`),
/// read as `chunk_of` and `codes64` read them: every entry of the linear table and of the sRGB table they
/// stand for, 16385 of the restore's and all 65536 of the relight's. (The loops themselves are compared byte
/// for byte with the portable ones in PixelKernelTests and GainPassKernelTests.)
@Suite struct ByteTablesTests {
    /// A C array field as Swift values.
    static func values<Tuple, Element>(_ tuple: Tuple, as _: Element.Type) -> [Element] {
        withUnsafeBytes(of: tuple) { Array($0.bindMemory(to: Element.self)) }
    }

    /// The codes of linear values 0…`last` from the tables' chunks (values past 16383 looked up as 16383).
    static func codes(_ tables: relight_pk_byte_tables, through last: Int = Int(RELIGHT_PK_ENCODE_SCALE)) -> [Int] {
        let shift = values(tables.shift, as: Int16.self), offset = values(tables.offset, as: Int16.self)
        let mask = values(tables.mask, as: Int16.self)
        let base = values(tables.base, as: UInt8.self), first = values(tables.first, as: UInt8.self)
        let second = values(tables.second, as: UInt8.self)
        return (0...last).map { v in
            let value = min(v, 16383), block = value >> 8
            let chunk = Int(offset[block]) + value >> Int(shift[block]), place = value & Int(mask[block])
            #expect((0..<256).contains(chunk) && place < 128 && (shift[block] <= 7 || shift[block] == 15))
            return Int(base[chunk]) + (place >= Int(first[chunk]) ? 1 : 0) + (place >= Int(second[chunk]) ? 1 : 0)
        }
    }

    @Test(arguments: ["restore", "relight"])
    func theTablesGiveEveryEntry(of loop: String) throws {
        let (made, table, linear) = loop == "restore"
            ? (ColorTables.byteTables, ColorTables.toSRGBClamped, ColorTables.toLinearQ14)
            : (ColorTables.relightByteTables, ColorTables.toSRGB, ColorTables.toLinear16)
        let tables = try #require(made, "the sRGB table splits into chunks of at most two code starts")
        let codes = Self.codes(tables, through: table.count - 1)
        let wrong = table.indices.filter { codes[$0] != Int(table[$0]) }
        #expect(wrong.isEmpty, "\(wrong.count) of \(table.count) codes, the first at \(wrong.first ?? -1)")
        let low = Self.values(tables.linear_low, as: UInt8.self), high = Self.values(tables.linear_high, as: UInt8.self)
        #expect((0..<256).allSatisfy { Int(low[$0]) | Int(high[$0]) << 8 == Int(linear[$0]) })
    }

    @Test func theRelightsWhiteBlocksShareOneChunk() throws {
        // Its shoulder reaches white at 12787 of 65536: the blocks past it hold one code, and share a chunk.
        let tables = try #require(ColorTables.relightByteTables)
        let shift = Self.values(tables.shift, as: Int16.self), offset = Self.values(tables.offset, as: Int16.self)
        #expect(shift.suffix(10).allSatisfy { $0 == 15 } && Set(offset.suffix(10)).count == 1)
    }

    @Test func aSteeperCurveTakesNarrowerChunks() throws {
        // A code every four values up to 255 (sRGB's shadows have one every five, then fewer): chunks of
        // eight values in the first four blocks, one shared chunk for the white ones after; still exact.
        let table = (0...Int(RELIGHT_PK_ENCODE_SCALE)).map { UInt8(min(255, $0 / 4)) }
        let tables = try #require(ColorTables.byteTables(toLinear: ColorTables.toLinearQ14, toSRGB: table))
        let codes = Self.codes(tables)
        #expect(table.indices.allSatisfy { codes[$0] == Int(table[$0]) })
        #expect(Self.values(tables.shift, as: Int16.self).prefix(5) == [3, 3, 3, 3, 15])
    }

    @Test func aTableTheChunksCannotHoldIsRefused() throws {
        // A code skipped (two starts at one value), and a last value whose code differs from 16383's (values
        // past 16383 take its code): the loops would give wrong codes, so there are no tables and they are not used.
        let table = ColorTables.toSRGBClamped
        let rise = try #require((100..<table.count).first { table[$0] != table[$0 - 1] })
        let skipping = table.indices.map { $0 < rise || table[$0] == 255 ? table[$0] : table[$0] + 1 }
        #expect(skipping[rise] - skipping[rise - 1] == 2)
        #expect(ColorTables.byteTables(toLinear: ColorTables.toLinearQ14, toSRGB: skipping) == nil)
        let lastApart = table.indices.map { $0 < table.count - 1 ? min(254, table[$0]) : 255 }
        #expect(ColorTables.byteTables(toLinear: ColorTables.toLinearQ14, toSRGB: lastApart) == nil)
    }
}
