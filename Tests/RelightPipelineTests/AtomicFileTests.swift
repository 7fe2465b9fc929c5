import Foundation
import Testing
@testable import RelightPipeline

@Suite struct AtomicFileTests {
    @Test func writesAndNeverReplacesAForeignFile() throws {
        let scratch = try Scratch()
        let folder = scratch.url("out")
        let first = try AtomicFile.write(Data("one".utf8), folder: folder, name: "a.jpg")
        #expect(first == "\(folder)/a.jpg")
        let second = try AtomicFile.write(Data("two".utf8), folder: folder, name: "a.jpg")
        #expect(second == "\(folder)/a (2).jpg")
        let third = try AtomicFile.write(Data("three".utf8), folder: folder, name: "a.jpg")
        #expect(third == "\(folder)/a (3).jpg")
        #expect(try String(contentsOfFile: first, encoding: .utf8) == "one", "the existing file is untouched")
        #expect(scratch.files(in: "out") == ["a (2).jpg", "a (3).jpg", "a.jpg"], "no temporary file is left")
    }

    @Test func replacesItsOwnEarlierOutput() throws {
        let scratch = try Scratch()
        let folder = scratch.url("out")
        let path = try AtomicFile.write(Data("old".utf8), folder: folder, name: "a.jpg")
        let again = try AtomicFile.write(Data("new".utf8), folder: folder, name: "a.jpg", replacing: [path])
        #expect(again == path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
    }

    @Test func createsMissingFolders() throws {
        let scratch = try Scratch()
        let path = try AtomicFile.write(Data("x".utf8), folder: scratch.url("a/b/c"), name: "x.png")
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func explainsAReadOnlyFolder() throws {
        guard getuid() != 0 else {
            // root ignores permission bits; the read-only case is covered by the daemon's tests on a read-only mount.
            let scratch = try Scratch()
            #expect(throws: AtomicFile.WriteError.self) {
                _ = try AtomicFile.write(Data("x".utf8), folder: "/proc/relight-cannot-exist", name: "x.png")
            }
            _ = scratch
            return
        }
        let scratch = try Scratch()
        let folder = scratch.url("ro")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        chmod(folder, 0o555)
        #expect(throws: AtomicFile.WriteError.self) { _ = try AtomicFile.write(Data("x".utf8), folder: folder, name: "x.png") }
    }

    @Test func sweepsTemporariesLeftByACrash() throws {
        let scratch = try Scratch()
        try scratch.write("out/a/.relight-tmp-1234", Data("partial".utf8))
        try scratch.write("out/.relight-tmp-5678", Data("partial".utf8))
        try scratch.write("out/a/keep.jpg", Data("keep".utf8))
        #expect(AtomicFile.sweepTemporaries(under: scratch.url("out")) == 2)
        #expect(scratch.files(in: "out/a") == ["keep.jpg"])
    }

    @Test func suffixesBeforeTheExtension() {
        #expect(AtomicFile.suffixed("a.b.jpg", 2) == "a.b (2).jpg")
        #expect(AtomicFile.suffixed("README", 3) == "README (3)")
        #expect(AtomicFile.suffixed("a_warm.relight.json", 2) == "a_warm (2).relight.json")
    }
}
