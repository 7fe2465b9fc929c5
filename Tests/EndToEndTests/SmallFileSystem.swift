import Foundation

/// A small tmpfs mounted for a test, to make a full or read-only output folder for real.
final class SmallFileSystem {
    let path: String

    /// Whether this machine lets the tests mount (root with CAP_SYS_ADMIN, as in CI here).
    static let available: Bool = {
        guard getuid() == 0, let probe = try? SmallFileSystem(kilobytes: 64) else { return false }
        _ = probe
        return true
    }()

    init(kilobytes: Int) throws {
        let base = (NSTemporaryDirectory() as NSString).appendingPathComponent("relight-fs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        path = base
        guard Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", base]) == 0 else {
            try? FileManager.default.removeItem(atPath: base)
            throw CocoaError(.fileWriteNoPermission)
        }
    }

    /// Fills every free byte with a file named `filler`.
    func fill() {
        _ = FileManager.default.createFile(atPath: "\(path)/filler", contents: nil)
        guard let handle = FileHandle(forWritingAtPath: "\(path)/filler") else { return }
        let chunk = Data(count: 4096)
        while (try? handle.write(contentsOf: chunk)) != nil {}
        try? handle.close()
    }

    func free() { try? FileManager.default.removeItem(atPath: "\(path)/filler") }

    func remount(readOnly: Bool) {
        _ = Self.run("/bin/mount", ["-o", readOnly ? "remount,ro" : "remount,rw", path])
    }

    deinit {
        _ = Self.run("/bin/umount", ["-l", path])
        try? FileManager.default.removeItem(atPath: path)
    }

    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
