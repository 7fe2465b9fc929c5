import Foundation
@testable import RelightPipeline
import Testing

/// Several items writing into one folder under one naming (four profiles with `naming: "{stem}.{ext}"`) plan
/// the same free name at once: the first to write keeps it, the others take ` (N)` names. None is written over
/// (they were, by a rename, when every planned name counted as the item's own).
struct OutputCollisionTests {
    @Test func aNameTakenSincePlanningIsNotWrittenOver() throws {
        let scratch = try Scratch()
        let folder = scratch.url("relit")
        let planned = (folder as NSString).appendingPathComponent("rocket (2).jpg")
        // Planned by two items while free; the first one's output lands.
        let first = try AtomicFile.write(Data("first item's paid output".utf8), folder: folder, name: "rocket (2).jpg",
                                         replacing: ItemRunner.replaceable(planned, data: Data("first item's paid output".utf8), ours: []))
        #expect(first == planned)
        let secondData = Data("second item's paid output".utf8)
        let second = try AtomicFile.write(secondData, folder: folder, name: "rocket (2).jpg",
                                          replacing: ItemRunner.replaceable(planned, data: secondData, ours: []))
        #expect(second == (folder as NSString).appendingPathComponent("rocket (2) (2).jpg"), "beside it, under a ` (N)` name")
        #expect(FileManager.default.contents(atPath: planned) == Data("first item's paid output".utf8), "the first output is intact")
        #expect(FileManager.default.contents(atPath: second) == secondData)
    }

    @Test func oursOrTheSameBytesAreReplacedInPlace() throws {
        let scratch = try Scratch()
        let path = try scratch.write("relit/a.jpg", Data("old".utf8))
        // Journaled as this item's by an earlier run (a redo, a crash between writing and recording done).
        #expect(ItemRunner.replaceable(path, data: Data("new".utf8), ours: [path]).contains(path))
        // The same bytes written before: taken as they are, not copied beside.
        #expect(ItemRunner.replaceable(path, data: Data("old".utf8), ours: []).contains(path))
        #expect(!ItemRunner.replaceable(path, data: Data("new".utf8), ours: []).contains(path))
    }
}
