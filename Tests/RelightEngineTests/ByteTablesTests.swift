import PixelKernels
@testable import RelightEngine
import Testing

/// The byte tables the AVX-512 restore loop looks its values up in (`relight_pk_byte_tables`), read as
/// `indices32`, `chunk_of` and `codes64` read them: every entry of the linear table and of the sRGB table
/// they stand for. (The loop itself is compared byte for byte with the portable one in PixelKernelTests.)
@Suite struct ByteTablesTests {
    /// A C array field as Swift values.
    static func values<Tuple, Element>(_ tuple: Tuple, as _: Element.Type) -> [Element] {
        withUnsafeBytes(of: tuple) { Array($0.bindMemory(to: Element.self)) }
    }

    /// The codes of linear values 0…16384 from the tables' chunks.
    static func codes(_ tables: relight_pk_byte_tables) -> [Int] {
        let shift = values(tables.shift, as: Int16.self), offset = values(tables.offset, as: Int16.self)
        let mask = values(tables.mask, as: Int16.self)
        let base = values(tables.base, as: UInt8.self), first = values(tables.first, as: UInt8.self)
        let second = values(tables.second, as: UInt8.self)
        return (0...Int(RELIGHT_PK_ENCODE_SCALE)).map { v in
            let value = min(v, Int(RELIGHT_PK_ENCODE_SCALE) - 1), block = value >> 8
            let chunk = Int(offset[block]) + value >> Int(shift[block]), place = value & Int(mask[block])
            #expect((0..<256).contains(chunk) && place < 128)
            return Int(base[chunk]) + (place >= Int(first[chunk]) ? 1 : 0) + (place >= Int(second[chunk]) ? 1 : 0)
        }
    }

    @Test func theRestoresTablesGiveEveryEntry() throws {
        let tables = try #require(ColorTables.byteTables, "the sRGB table splits into chunks of at most two code starts")
        let table = ColorTables.toSRGBClamped
        let codes = Self.codes(tables)
        let wrong = table.indices.filter { codes[$0] != Int(table[$0]) }
        #expect(wrong.isEmpty, "\(wrong.count) of \(table.count) codes, the first at \(wrong.first ?? -1)")
        let low = Self.values(tables.linear_low, as: UInt8.self), high = Self.values(tables.linear_high, as: UInt8.self)
        #expect((0..<256).allSatisfy { Int(low[$0]) | Int(high[$0]) << 8 == Int(ColorTables.toLinearQ14[$0]) })
    }

    @Test func aSteeperCurveTakesNarrowerChunks() throws {
        // A code every four values up to 255 (sRGB's shadows have one every five, then fewer): chunks of
        // eight values in the first four blocks, still exact.
        let table = (0...Int(RELIGHT_PK_ENCODE_SCALE)).map { UInt8(min(255, $0 / 4)) }
        let tables = try #require(ColorTables.byteTables(toLinear: ColorTables.toLinearQ14, toSRGB: table))
        let codes = Self.codes(tables)
        #expect(table.indices.allSatisfy { codes[$0] == Int(table[$0]) })
        #expect(Self.values(tables.shift, as: Int16.self).prefix(5) == [3, 3, 3, 3, 7])
    }

    @Test func aTableTheChunksCannotHoldIsRefused() throws {
        // A code skipped (two starts at one value), and a last value whose code differs from the one before
        // (16384 takes 16383's): the loop would give wrong codes, so there are no tables and it is not used.
        let table = ColorTables.toSRGBClamped
        let rise = try #require((100..<table.count).first { table[$0] != table[$0 - 1] })
        let skipping = table.indices.map { $0 < rise || table[$0] == 255 ? table[$0] : table[$0] + 1 }
        #expect(skipping[rise] - skipping[rise - 1] == 2)
        #expect(ColorTables.byteTables(toLinear: ColorTables.toLinearQ14, toSRGB: skipping) == nil)
        let lastApart = table.indices.map { $0 < table.count - 1 ? min(254, table[$0]) : 255 }
        #expect(ColorTables.byteTables(toLinear: ColorTables.toLinearQ14, toSRGB: lastApart) == nil)
    }
}
