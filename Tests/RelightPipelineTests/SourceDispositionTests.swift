import Foundation
import RelightConfig
import Testing
@testable import RelightPipeline

@Suite struct SourceDispositionTests {
    @Test func keepsDeletesAndMoves() throws {
        let scratch = try Scratch()
        let kept = try scratch.write("in/keep.jpg", Data("k".utf8))
        #expect(try SourceDisposition.apply(.keep, to: kept) == kept)
        #expect(FileManager.default.fileExists(atPath: kept))

        let deleted = try scratch.write("in/delete.jpg", Data("d".utf8))
        #expect(try SourceDisposition.apply(.delete, to: deleted) == nil)
        #expect(!FileManager.default.fileExists(atPath: deleted))

        let moved = try scratch.write("in/move.jpg", Data("m".utf8))
        try scratch.write("done/move.jpg", Data("someone else's".utf8))
        let target = try SourceDisposition.apply(.move(scratch.url("done")), to: moved)
        #expect(target == scratch.url("done/move (2).jpg"))
        #expect(!FileManager.default.fileExists(atPath: moved))
        #expect(try String(contentsOfFile: scratch.url("done/move.jpg"), encoding: .utf8) == "someone else's")
        #expect(try String(contentsOfFile: scratch.url("done/move (2).jpg"), encoding: .utf8) == "m")
    }
}
