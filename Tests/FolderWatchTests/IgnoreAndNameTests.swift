#if canImport(Glibc)
import Glibc
#endif
import Logging
import RelightConfig
import Testing
@testable import FolderWatch

@Suite(.timeLimit(.minutes(2)))
struct IgnoreAndNameTests {
    @Test(arguments: [WatchMode.inotify, .poll])
    func junkIsIgnoredOrDropped(mode: WatchMode) async {
        let tree = TempFolder("junk")
        let harness = WatchHarness([WatchHarness.entry(tree.path, settle: .milliseconds(100), mode: mode, exclude: ["*_old.jpg"])])
        await harness.waitReady()
        tree.write(".DS_Store", Fixture.jpeg())
        tree.write("._x.jpg", Fixture.jpeg())
        tree.write("Thumbs.db", Fixture.jpeg())
        tree.mkdir("@eaDir/x.jpg")
        tree.write("@eaDir/x.jpg/SYNOPHOTO_THUMB_XL.jpg", Fixture.jpeg())
        tree.write("x.crdownload", Fixture.jpeg())
        tree.write("shot_old.jpg", Fixture.jpeg())
        tree.write("IMG_0001.THM", Fixture.jpeg())  // a camera's thumbnail sidecar: a real JPEG, never relit
        tree.write("IMG_0001.cr3.xmp", Array("<x:xmpmeta/>".utf8))
        tree.write("img_0002.Xmp", Array("<x:xmpmeta/>".utf8))
        let text = tree.write("notes.txt", Array("not an image at all".utf8))
        let fake = tree.write("fake.jpg", Array("plain text with a jpg name".utf8))
        let zero = tree.write("zero.jpg", [])
        let good = tree.write("good.jpg", Fixture.jpeg())
        #expect(await harness.waitComplete(good))
        await harness.quiesce(.milliseconds(800))
        #expect(harness.completes.map(\.path) == [good])
        // Dropped files are logged once, at info.
        #expect(harness.logs.count("file.path=\(text)") == 1)
        #expect(harness.logs.count("file.path=\(fake)") == 1)
        #expect(harness.logs.count("file.path=\(zero)") == 1)
        #expect(harness.logs.contains(.info, "skipped: it is empty"))
        #expect(!harness.logs.contains(.info, "THM") && harness.logs.count("xmp") == 0 && harness.logs.count("Xmp") == 0, "sidecars are skipped quietly")
        await harness.stop()
    }

    @Test(arguments: [WatchMode.inotify, .poll])
    func oddFileNames(mode: WatchMode) async {
        let tree = TempFolder("names")
        let harness = WatchHarness([WatchHarness.entry(tree.path, settle: .milliseconds(100), mode: mode)])
        await harness.waitReady()
        let names: [[UInt8]] = [
            Array("with space.jpg".utf8),
            Array("new\nline.jpg".utf8),
            [0x66, 0xFF, 0xFE, 0x80] + Array(".jpg".utf8),
            Array("ünïcødé 照片 🌅.jpg".utf8),
            Array("-leading-dash.jpg".utf8),
            Array(String(repeating: "n", count: 251).utf8) + Array(".jpg".utf8),
        ]
        #expect(names.last?.count == 255)
        var expected: Set<WatchPath> = []
        for name in names {
            let path = tree.path.appending(name)
            TempFolder.write(path, Fixture.jpeg())
            expected.insert(path)
        }
        #expect(await harness.wait { _ in Set(harness.completes.map(\.path)) == expected })
        await harness.quiesce()
        #expect(harness.completes.count == names.count)
        // The non-UTF-8 name arrives byte for byte and can be opened.
        let odd = tree.path.appending(names[2])
        #expect(harness.completes(odd).first?.path.bytes == odd.bytes)
        #expect(ContentSniffer.kind(ofFile: odd) == .jpeg)
        #expect(odd.description.hasSuffix("/f\\xFF\\xFE\\x80.jpg"), "shown with its bytes escaped: \(odd)")
        await harness.stop()
    }

    @Test(arguments: [WatchMode.inotify, .poll])
    func symlinkLoopIsNotFollowed(mode: WatchMode) async {
        let tree = TempFolder("loop")
        tree.mkdir("d/e")
        _ = tree.sub("d/e/up").withCString { symlink("../..", $0) }
        _ = tree.sub("self").withCString { symlink(".", $0) }
        _ = tree.sub("d/a").withCString { symlink("b", $0) }
        _ = tree.sub("d/b").withCString { symlink("a", $0) }
        let harness = WatchHarness([WatchHarness.entry(tree.path, settle: .milliseconds(100), mode: mode)])
        await harness.waitReady()
        let file = tree.write("d/e/x.jpg", Fixture.jpeg())
        #expect(await harness.waitComplete(file))
        await harness.quiesce()
        #expect(harness.completes.map(\.path) == [file])
        await harness.stop()
    }

    @Test(arguments: [WatchMode.inotify, .poll])
    func unreadableFolderDoesNotStopTheRest(mode: WatchMode) async {
        let tree = TempFolder("unreadable")
        tree.mkdir("locked")
        let hidden = tree.write("locked/inside.jpg", Fixture.jpeg())
        _ = tree.sub("locked").withCString { chmod($0, 0) }
        let harness = WatchHarness([WatchHarness.entry(tree.path, settle: .milliseconds(100), mode: mode)])
        await harness.waitReady()
        let open = tree.write("open.jpg", Fixture.jpeg())
        #expect(await harness.waitComplete(open))
        await harness.quiesce()
        if geteuid() == 0 {
            // root reads through mode 000 (CAP_DAC_OVERRIDE): the folder is not unreadable for it.
            #expect(harness.completes(hidden).count == 1)
        } else {
            #expect(harness.completes(hidden).isEmpty)
            #expect(harness.logs.contains(.warning, "locked"))
        }
        await harness.stop()
    }

    @Test(arguments: [WatchMode.inotify, .poll])
    func ownOutputAndStateFoldersInsideTheTreeAreIgnored(mode: WatchMode) async {
        let tree = TempFolder("own")
        let entry = WatchHarness.entry(tree.path, profiles: .bySubfolder, settle: .milliseconds(100), mode: mode,
                                       output: tree.sub("relit").description + "/{profile}")
        #expect(entry.outputRoot == tree.sub("relit").description)
        tree.mkdir("relit/warm")
        tree.mkdir("state")
        tree.mkdir("warm")
        let harness = WatchHarness([entry], knownProfiles: ["warm"], ignoredFolders: [tree.sub("state").description])
        await harness.waitReady()
        tree.write("relit/warm/a_warm_1.jpg", Fixture.jpeg())
        tree.write("state/tmp.jpg", Fixture.jpeg())
        tree.mkdir("relit/warm/deeper")
        tree.write("relit/warm/deeper/b.jpg", Fixture.jpeg())
        let input = tree.write("warm/a.jpg", Fixture.jpeg())
        #expect(await harness.waitComplete(input))
        await harness.quiesce()
        #expect(harness.completes.map(\.path) == [input])
        #expect(harness.completes.first?.profiles == ["warm"])
        await harness.stop()
    }

    @Test func routingBySubfolderAndUnroutableFiles() async {
        let tree = TempFolder("route")
        tree.mkdir("golden-hour")
        tree.mkdir("misc")
        let harness = WatchHarness([WatchHarness.entry(tree.path, profiles: .bySubfolder, settle: .milliseconds(100))],
                                   knownProfiles: ["golden-hour", "neon-night"])
        await harness.waitReady()
        let routed = tree.write("golden-hour/a.jpg", Fixture.jpeg())
        let direct = tree.write("b.jpg", Fixture.jpeg())
        let unknown = tree.write("misc/c.webp", Fixture.webp())
        #expect(await harness.waitComplete(routed))
        let unroutable: () -> [UnroutableFile] = {
            harness.snapshot.compactMap { if case .unroutable(let file) = $0 { file } else { nil } }
        }
        #expect(await harness.wait { _ in unroutable().count == 2 })
        #expect(harness.completes(routed).first?.profiles == ["golden-hour"])
        #expect(Set(unroutable().map(\.path)) == [direct, unknown])
        #expect(harness.logs.contains(.info, "no profile applies"))
        await harness.stop()
    }
}
