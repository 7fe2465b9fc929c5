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

    @Test func aMoveKeepsTheSubfoldersBelowTheWatchedFolder() throws {
        // inbox/day1/a.jpg and inbox/day2/a.jpg: the archive mirrors the inbox, so neither becomes "a (2).jpg".
        let scratch = try Scratch()
        let first = try scratch.write("inbox/day1/a.jpg", Data("1".utf8)), second = try scratch.write("inbox/day2/a.jpg", Data("2".utf8))
        let top = try scratch.write("inbox/b.jpg", Data("b".utf8))
        let archive = scratch.url("done")
        #expect(try SourceDisposition.apply(.move(archive), to: first, under: scratch.url("inbox")) == scratch.url("done/day1/a.jpg"))
        #expect(try SourceDisposition.apply(.move(archive), to: second, under: scratch.url("inbox")) == scratch.url("done/day2/a.jpg"))
        #expect(try SourceDisposition.apply(.move(archive), to: top, under: scratch.url("inbox")) == scratch.url("done/b.jpg"))
        #expect(try String(contentsOfFile: scratch.url("done/day2/a.jpg"), encoding: .utf8) == "2")
        // A source outside the watched folder (relight run's stand-in entries) goes straight into the archive.
        let outside = try scratch.write("elsewhere/c.jpg", Data("c".utf8))
        #expect(try SourceDisposition.apply(.move(archive), to: outside, under: scratch.url("inbox")) == scratch.url("done/c.jpg"))
    }
}

/// Sources whose names are not UTF-8 (Latin-1 from an old Windows or Samba share).
@Suite struct SourceDispositionByteNameTests {
    static let latin1: [UInt8] = Array("caf".utf8) + [0xE9] + Array(".jpg".utf8)

    @Test func deletesALatin1Name() throws {
        let scratch = try Scratch()
        let source = try scratch.write("in", name: Self.latin1, Data("d".utf8))
        #expect(scratch.byteNames(in: "in") == [Self.latin1])
        #expect(try SourceDisposition.apply(.delete, to: source) == nil)
        #expect(scratch.byteNames(in: "in").isEmpty)
    }

    @Test func movesALatin1NameKeepingItsBytesAndSuffixesAClash() throws {
        let scratch = try Scratch()
        let first = try scratch.write("in", name: Self.latin1, Data("first".utf8))
        let target = try #require(try SourceDisposition.apply(.move(scratch.url("done")), to: first))
        #expect(PathBytes(target).bytes == PathBytes(scratch.url("done")).appending(Self.latin1).bytes)
        #expect(try PathBytes(target).contents() == Array("first".utf8))
        let second = try scratch.write("in", name: Self.latin1, Data("second".utf8))
        let suffixed = try #require(try SourceDisposition.apply(.move(scratch.url("done")), to: second))
        #expect(PathBytes(suffixed).lastComponent == Array("caf".utf8) + [0xE9] + Array(" (2).jpg".utf8))
        #expect(try PathBytes(suffixed).contents() == Array("second".utf8))
        #expect(scratch.byteNames(in: "in").isEmpty)
    }

    @Test func aWriteErrorShowsTheNameEscaped() {
        let path = PathBytes(bytes: Array("/nowhere/caf".utf8) + [0xE9] + Array(".jpg".utf8)).string
        #expect(throws: AtomicFile.WriteError.self) { try SourceDisposition.apply(.move("/proc/relight-no-such-folder"), to: path) }
        #expect(AtomicFile.WriteError(path: path, errno: EIO, operation: "read").description == "cannot read /nowhere/caf\\xE9.jpg: Input/output error")
    }
}

/// `after: delete` and `after: move` reach only the bytes that were relit.
struct ReplacedBeforeDisposalTests {
    /// A new photo copied over the same name while the old one was in flight (or half copied when the old one's
    /// outputs land) is not done: deleting it lost a photo.
    @Test func aSourceReplacedSinceItWasRelitIsNotDeleted() async throws {
        let studio = try LocalPipeline(after: "delete")
        let path = try studio.scratch.write("in/a.jpg", studio.photo)
        let relit = try ContentHash.sha256(ofFile: path)
        // Replaced by other bytes (here: half of them, as a copy in progress).
        try studio.scratch.write("in/a.jpg", studio.photo.prefix(studio.photo.count / 2))
        await studio.pipeline.dispose(path, entry: studio.entry, sha256: relit)
        #expect(FileManager.default.fileExists(atPath: path), "the new content is kept")
        // The bytes that were relit are deleted.
        try studio.scratch.write("in/a.jpg", studio.photo)
        await studio.pipeline.dispose(path, entry: studio.entry, sha256: relit)
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
