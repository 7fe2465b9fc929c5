import Foundation
import Glibc
@testable import FolderWatch
import Testing

/// A file's modification time can be anything a copy tool kept: the stamp must not trap on it.
struct FileStampTests {
    @Test func aFileDatedAfter2262IsStamped() throws {
        let seconds = 10_000_000_000
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stamp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("far.jpg").path
        #expect(FileManager.default.createFile(atPath: file, contents: Data([1, 2, 3])))
        // Year 2286: beyond 9.2e18 ns. `touch -d 2300-01-01` and `cp -p` of such a file do this.
        var times = [timespec(tv_sec: seconds, tv_nsec: 5), timespec(tv_sec: seconds, tv_nsec: 5)]
        #expect(utimensat(AT_FDCWD, file, &times, 0) == 0)
        let stamp = try #require(FileStamp.of(WatchPath(file)))
        #expect(stamp.size == 3)
        #expect(stamp.modified == Int64.max)
    }

    /// Before 1678 (the file system here keeps nothing before 1901, so the conversion alone).
    @Test func datesBefore1678AreHeldAtTheMinimum() {
        #expect(FileStamp.nanoseconds(timespec(tv_sec: -10_000_000_000, tv_nsec: 5)) == Int64.min)
    }

    @Test func anOrdinaryDateIsExact() {
        #expect(FileStamp.nanoseconds(timespec(tv_sec: 1_700_000_000, tv_nsec: 123)) == 1_700_000_000_000_000_123)
    }
}
