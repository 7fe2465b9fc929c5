#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import FolderWatch

/// The pieces the inotify thread runs for every file and every folder: one open for stamp and
/// sniff, the in-place ignore check, the getdents64 listing and the byte-wise path hash.
struct HotPathTests {
    @Test func openedFileStampsAndSniffsRegularFilesOnly() throws {
        let tree = TempFolder("opened")
        let photo = tree.write("a.jpg", Fixture.jpeg(300))
        let text = tree.write("b.txt", Array("hello".utf8))
        let link = tree.sub("link.jpg")
        _ = photo.withCString { target in link.withCString { symlink(target, $0) } }
        let fifo = tree.sub("pipe.jpg")
        _ = fifo.withCString { mkfifo($0, 0o644) }

        let opened = OpenedFile(photo)
        #expect(opened.stamp?.size == 300)
        #expect(opened.stamp == FileStamp.of(photo))
        #expect(opened.kind() == .jpeg)
        #expect(OpenedFile(text).kind() == nil)
        #expect(OpenedFile(text).stamp?.size == 5)
        // Neither followed nor blocked on.
        #expect(OpenedFile(link).stamp == nil)
        #expect(OpenedFile(fifo).stamp == nil)
        #expect(OpenedFile(tree.sub("missing.jpg")).stamp == nil)
    }

    @Test func sniffingLeavesTheAccessTimeAlone() throws {
        let tree = TempFolder("atime")
        let photo = tree.write("a.jpg", Fixture.jpeg(300))
        // An access time older than the modification time: a plain read would update it (relatime).
        var times = [timespec(tv_sec: 1_000_000_000, tv_nsec: 0), timespec(tv_sec: 1_700_000_000, tv_nsec: 0)]
        _ = photo.withCString { utimensat(AT_FDCWD, $0, &times, 0) }
        #expect(OpenedFile(photo).kind() == .jpeg)
        #expect(ContentSniffer.kind(ofFile: photo) == .jpeg)
        var info = stat()
        _ = photo.withCString { lstat($0, &info) }
        #expect(info.st_atim.tv_sec == 1_000_000_000)
    }

    @Test func builtInCheckInPlaceAgreesWithThePathRules() {
        let root = WatchPath("/in")
        let plain = IgnoreRules()
        let withGlob = IgnoreRules(exclude: ["nothing-matches-this"])
        let cases: [(String, Bool)] = [
            ("/in/a.jpg", false), ("/in/deep/er/a.jpg", false), ("/in/.x.jpg.part", true),
            ("/in/a/.hidden/b.jpg", true), ("/in/@eaDir/b.jpg", true), ("/in/a/x.crdownload", true),
            ("/in/Thumbs.db", true), ("/in", true), ("/inbox/a.jpg", true), ("/in//a.jpg", false),
        ]
        for (path, ignored) in cases {
            #expect(plain.ignoresFile(WatchPath(path), root: root) == ignored, "\(path)")
            // The other branch (globs present) splits the path; both must agree.
            #expect(withGlob.ignoresFile(WatchPath(path), root: root) == ignored, "\(path)")
        }
    }

    @Test func folderReaderListsFoldersAndFilesWithOddNames() {
        let tree = TempFolder("reader")
        tree.mkdir("sub")
        tree.write("plain.jpg", Fixture.jpeg())
        let odd: [UInt8] = [0x2D, 0x66, 0xFF, 0x0A, 0x20, 0x2E, 0x6A, 0x70, 0x67]
        TempFolder.write(tree.path.appending(odd), Fixture.jpeg())
        _ = tree.sub("plain.jpg").withCString { target in tree.sub("link").withCString { symlink(target, $0) } }
        _ = tree.sub("fifo").withCString { mkfifo($0, 0o644) }
        for i in 0..<2_000 { tree.write("many-\(i).jpg", []) }

        let reader = FolderReader()
        var files: Set<[UInt8]> = [], folders: Set<[UInt8]> = []
        let code = reader.forEachEntry(in: tree.path) { entry in
            if entry.kind == .directory { folders.insert(Array(entry.name)) } else { files.insert(Array(entry.name)) }
        }
        #expect(code == 0)
        #expect(folders == [Array("sub".utf8)])
        #expect(files.count == 2_002)
        #expect(files.contains(odd))
        #expect(!files.contains(Array("link".utf8)) && !files.contains(Array("fifo".utf8)))
        #expect(reader.forEachEntry(in: tree.sub("missing")) { _ in } == ENOENT)
    }

    @Test func pathsHashByTheirBytes() {
        let a = WatchPath("/in/a.jpg"), b = WatchPath(bytes: Array("/in/a.jpg/".utf8))
        #expect(a == b && a.hashValue == b.hashValue)
        #expect(Set([a, b, WatchPath("/in/b.jpg")]).count == 2)
        let name: [UInt8] = [0x78, 0xFF]
        #expect(name.withUnsafeBufferPointer { WatchPath("/in").appending($0) } == WatchPath("/in").appending(name))
    }
}
