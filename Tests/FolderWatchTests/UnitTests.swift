import RelightConfig
import Testing
@testable import FolderWatch

struct ContentSnifferTests {
    @Test func recognisesImageMagic() {
        #expect(ContentSniffer.kind(ofHeader: Fixture.jpeg()) == .jpeg)
        #expect(ContentSniffer.kind(ofHeader: Fixture.png()) == .png)
        #expect(ContentSniffer.kind(ofHeader: Fixture.webp()) == .webp)
    }

    @Test func recognisesCameraFilesWithTheProductsOneSniffer() {
        #expect(ContentSniffer.kind(ofHeader: Array("II*\0".utf8) + [8, 0, 0, 0]) == .tiff)
        #expect(ContentSniffer.kind(ofHeader: [0, 0, 0, 24] + Array("ftypheic\0\0\0\0mif1heic".utf8)) == .heic)
        #expect(ContentSniffer.kind(ofHeader: [0, 0, 0, 24] + Array("ftypcrx \0\0\0\u{1}crx isom".utf8)) == .cr3)
        #expect(ContentSniffer.kind(ofHeader: Array("FUJIFILMCCD-RAW 0201".utf8))?.isCameraRaw == true)
    }

    @Test func rejectsEverythingElse() {
        #expect(ContentSniffer.kind(ofHeader: []) == nil)
        #expect(ContentSniffer.kind(ofHeader: Array("hello world, not an image".utf8)) == nil)
        #expect(ContentSniffer.kind(ofHeader: Array("RIFF\u{10}\0\0\0WAVE".utf8)) == nil)
        #expect(ContentSniffer.kind(ofHeader: [0xFF, 0xD8]) == nil)
    }
}

struct IgnoreRulesTests {
    let root = WatchPath("/in")

    @Test(arguments: [".DS_Store", "._x.jpg", "Thumbs.db", "desktop.ini", "@eaDir/x.jpg", "#recycle/x.jpg", "#snapshot/x.jpg",
                      "x.jpg.part", "x.partial", "x.crdownload", "x.filepart", "x.tmp", ".x.swp", "~lock.jpg", ".hidden/x.jpg",
                      "warm/.syncthing.x.jpg.tmp", "warm/@eaDir/SYNOFILE_THUMB_XL.jpg"])
    func builtInListIsAlwaysOn(relative: String) {
        #expect(IgnoreRules().ignoresFile(root.appending(relative), root: root))
    }

    @Test(arguments: ["x.jpg", "warm/x.jpg", "a b/c.png", "part/x.jpg", "tmp/x.webp"])
    func ordinaryFilesPass(relative: String) {
        #expect(!IgnoreRules().ignoresFile(root.appending(relative), root: root))
    }

    @Test func excludeAndIncludeGlobs() {
        let rules = IgnoreRules(include: ["*.jpg", "*.jpeg"], exclude: ["drafts", "raw/*", "*_old.*"])
        #expect(!rules.ignoresFile(root.appending("warm/a.jpg"), root: root))
        #expect(rules.ignoresFile(root.appending("warm/a.png"), root: root))
        #expect(rules.ignoresFile(root.appending("drafts/a.jpg"), root: root))
        #expect(rules.ignoresFolder(root.appending("warm/drafts"), root: root))
        #expect(rules.ignoresFile(root.appending("raw/x/a.jpg"), root: root))
        #expect(rules.ignoresFile(root.appending("a_old.jpg"), root: root))
    }

    @Test func ownFoldersAreIgnored() {
        let rules = IgnoreRules(ignoredFolders: [WatchPath("/in/relit")])
        #expect(rules.ignoresFile(WatchPath("/in/relit/warm/x.jpg"), root: root))
        #expect(rules.ignoresFolder(WatchPath("/in/relit"), root: root))
        #expect(!rules.ignoresFile(WatchPath("/in/relit-not/x.jpg"), root: root))
    }
}

struct ProfileRouterTests {
    let root = WatchPath("/in")

    @Test func bySubfolderUsesTheFirstFolder() {
        let router = ProfileRouter(selection: .bySubfolder, knownProfiles: ["golden-hour", "neon"])
        #expect(router.route(WatchPath("/in/golden-hour/a.jpg"), root: root) == .profiles(["golden-hour"]))
        #expect(router.route(WatchPath("/in/neon/shoot/2024/a.jpg"), root: root) == .profiles(["neon"]))
        guard case .unroutable(let direct) = router.route(WatchPath("/in/a.jpg"), root: root) else {
            Issue.record("a file directly in the root must be unroutable")
            return
        }
        #expect(direct.contains("directly in the watched folder"))
        guard case .unroutable(let unknown) = router.route(WatchPath("/in/misc/a.jpg"), root: root) else {
            Issue.record("an unknown folder must be unroutable")
            return
        }
        #expect(unknown.contains("\"misc\" is not the name of a profile"))
    }

    @Test func listAppliesToEveryFile() {
        let router = ProfileRouter(selection: .list(["a", "b"]), knownProfiles: nil)
        #expect(router.route(WatchPath("/in/x.jpg"), root: root) == .profiles(["a", "b"]))
        #expect(router.route(WatchPath("/in/deep/x.jpg"), root: root) == .profiles(["a", "b"]))
    }
}

struct WatchTableTests {
    @Test func renameRekeysTheSubtreeAndDeleteDropsIt() {
        var table = WatchTable()
        table.insert(1, root: 9, path: WatchPath("/in"))
        table.insert(2, root: 9, path: WatchPath("/in/a"))
        table.insert(3, root: 9, path: WatchPath("/in/a/b"))
        table.insert(4, root: 9, path: WatchPath("/in/ab"))
        table.renameTree(from: WatchPath("/in/a"), to: WatchPath("/in/z"), root: 9)
        #expect(table.node(3)?.path == WatchPath("/in/z/b"))
        #expect(table.node(4)?.path == WatchPath("/in/ab"))
        #expect(table.descriptor(of: WatchPath("/in/a/b")) == nil)
        #expect(Set(table.removeTree(WatchPath("/in/z"), root: 9)) == [2, 3])
        #expect(table.count == 2)
    }
}

struct WatchPathTests {
    @Test func keepsRawBytes() {
        let odd = WatchPath("/in").appending([0x66, 0xFF, 0xFE, 0x2E, 0x6A, 0x70, 0x67])
        #expect(odd.string == nil)
        #expect(odd.lastComponent == [0x66, 0xFF, 0xFE, 0x2E, 0x6A, 0x70, 0x67])
        #expect(odd.isWithin(WatchPath("/in")))
        #expect(!WatchPath("/inbox/a").isWithin(WatchPath("/in")))
        #expect(WatchPath("/in/a/b").components(below: WatchPath("/in"))?.count == 2)
    }
}

struct FileSystemKindTests {
    @Test func localFoldersAreNotRemote() {
        #expect(FileSystemKind.remoteName(of: WatchPath("/tmp")) == nil)
        #expect(FileSystemKind.remoteMagics[0x6969] == "nfs")
        #expect(FileSystemKind.remoteMagics[0xFF53_4D42] == "cifs")
    }
}
