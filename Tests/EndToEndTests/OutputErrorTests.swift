import Foundation
import Testing

/// A full disk, a read-only output folder and a vanished output folder never lose a photo.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct OutputErrorTests {
    func studio(output: String) throws -> Studio {
        try Studio(config: """
            provider: local
            status: {listen: off}
            watch:
              - path: inbox
                profiles: by-subfolder
                output: \(output)/{profile}
                settle: 200ms
                after: delete
            """)
    }

    @Test(.enabled(if: SmallFileSystem.available, "needs root to mount a small tmpfs"))
    func aFullDiskKeepsTheSourceAndRetriesUntilThereIsRoom() async throws {
        let disk = try SmallFileSystem(kilobytes: 8192)  // room for three full-size outputs once freed
        let studio = try studio(output: disk.path)
        let daemon = try DaemonProcess(config: studio.config)
        try await daemon.waitUntilReady()
        disk.fill()
        for index in 1...3 { try studio.drop("astronaut.png", as: "inbox/neon-night/full-\(index).png") }
        try await daemon.waitFor("the disk-full error") { daemon.log.contains("the disk is full") }
        try await Task.sleep(for: .seconds(3))
        #expect(daemon.log.components(separatedBy: "the disk is full").count - 1 == 1, "logged once, not per item or per second")
        #expect(studio.exists("inbox/neon-night/full-1.png"), "the source is untouched")
        let partials = try FileManager.default.subpathsOfDirectory(atPath: disk.path).filter { $0.contains(".relight-tmp") || $0.hasSuffix(".png") }
        #expect(partials.isEmpty, "no partial output under any name: \(partials)")
        disk.free()
        try await daemon.waitFor(timeout: 60, "outputs once there is room") {
            (1...3).allSatisfy { FileManager.default.fileExists(atPath: "\(disk.path)/neon-night/full-\($0)_neon-night.relight.json") }
        }
        try await daemon.waitFor("the sources to be deleted") { !studio.exists("inbox/neon-night/full-1.png") }
        #expect(try await daemon.stop() == 0)
    }

    @Test(.enabled(if: SmallFileSystem.available, "needs root to mount a small tmpfs"))
    func aReadOnlyOutputFolderKeepsTheSource() async throws {
        let disk = try SmallFileSystem(kilobytes: 4096)
        let studio = try studio(output: disk.path)
        let daemon = try DaemonProcess(config: studio.config)
        try await daemon.waitUntilReady()
        disk.remount(readOnly: true)
        try studio.drop("rocket.jpg", as: "inbox/golden-hour/ro.jpg")
        try await daemon.waitFor("the read-only error") { daemon.log.contains("cannot write") }
        #expect(studio.exists("inbox/golden-hour/ro.jpg"))
        disk.remount(readOnly: false)
        try await daemon.waitFor(timeout: 60, "the output once writable") {
            FileManager.default.fileExists(atPath: "\(disk.path)/golden-hour/ro_golden-hour_1.jpg")
        }
        #expect(try await daemon.stop() == 0)
    }

    @Test(.enabled(if: SmallFileSystem.available, "needs root to mount a small tmpfs"))
    func aCopyThatCannotBeWrittenKeepsTheSourceForTheNextStart() async throws {
        // The same photo under a second name reuses the first one's outputs; when those copies cannot
        // be written, the source must not be deleted (after: delete) nor recorded as seen.
        let disk = try SmallFileSystem(kilobytes: 4096)
        let studio = try studio(output: disk.path)
        let daemon = try DaemonProcess(config: studio.config)
        try await daemon.waitUntilReady()
        try studio.drop("rocket.jpg", as: "inbox/golden-hour/first.jpg")
        try await daemon.waitFor("the first output") { FileManager.default.fileExists(atPath: "\(disk.path)/golden-hour/first_golden-hour.relight.json") }
        disk.remount(readOnly: true)
        try studio.drop("rocket.jpg", as: "inbox/golden-hour/again.jpg")
        try await daemon.waitFor("the copy error") { daemon.log.contains("cannot copy the outputs") }
        #expect(try await daemon.stop() == 0)
        #expect(studio.exists("inbox/golden-hour/again.jpg"), "the source is kept")
        disk.remount(readOnly: false)
        let next = try DaemonProcess(config: studio.config)
        try await next.waitFor("the copy on the next start") {
            FileManager.default.fileExists(atPath: "\(disk.path)/golden-hour/again_golden-hour.relight.json")
        }
        try await next.waitFor("the source to be deleted") { !studio.exists("inbox/golden-hour/again.jpg") }
        #expect(try await next.stop() == 0)
        #expect(FileManager.default.fileExists(atPath: "\(disk.path)/golden-hour/again_golden-hour_1.jpg"))
    }

    @Test func anOutputFolderRemovedWhileRunningIsCreatedAgain() async throws {
        let studio = try studio(output: "relit")
        let daemon = try DaemonProcess(config: studio.config)
        try await daemon.waitUntilReady()
        try studio.drop("rocket.jpg", as: "inbox/golden-hour/one.jpg")
        try await daemon.waitFor("the first output") { studio.exists("relit/golden-hour/one_golden-hour.relight.json") }
        try FileManager.default.removeItem(atPath: studio.path("relit"))
        try studio.drop("coffee.png", as: "inbox/golden-hour/two.png")
        try await daemon.waitFor("the second output") { studio.exists("relit/golden-hour/two_golden-hour.relight.json") }
        #expect(try await daemon.stop() == 0)
    }
}
