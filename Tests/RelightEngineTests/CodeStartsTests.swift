@testable import RelightEngine
import Testing

/// The code starts the AVX-512 relight loop searches (lookups512.h), followed step by step as `encode32` does,
/// give every entry of the table they stand for: all 65536 of it. (The restore's loop uses byte tables:
/// ByteTablesTests.)
@Suite struct CodeStartsTests {
    /// `encode32` for one index: eight steps, each adding 128 >> step where the index reaches the start of
    /// the candidate code; the first six steps' candidates are padded to 32, the seventh has 64.
    static func code(_ index: Int, starts: [UInt16]) -> Int {
        let offsets = [0, 32, 64, 96, 128, 160, 192, 256]
        var code = 0
        for step in 0..<8 where index >= Int(starts[offsets[step] + (code >> (8 - step))]) {
            code += 128 >> step
        }
        return code
    }

    @Test func theSearchGivesEveryEntryOfTheTable() {
        let table = ColorTables.toSRGB, starts = ColorTables.toSRGBStarts
        #expect(starts.count == 384)
        let wrong = table.indices.filter { Self.code($0, starts: starts) != Int(table[$0]) }
        #expect(wrong.isEmpty, "\(wrong.count) indices, the first \(wrong.first ?? -1)")
    }

    @Test func aTableThatSkipsACodeStartsItWhereTheNextOneStarts() {
        // 0 0 2 2 3 … 255: code 1 never appears, so it starts where 2 does.
        let table: [UInt8] = [0, 0, 2, 2] + (3...255).map { UInt8($0) }
        let starts = ColorTables.codeStarts(of: table)
        let wrong = table.indices.filter { Self.code($0, starts: starts) != Int(table[$0]) }
        #expect(wrong.isEmpty, "\(wrong)")
    }
}
