import Foundation
import RelightConfig

/// A fresh temporary folder, removed when released.
final class Scratch {
    let path: String

    init() throws {
        let base = (NSTemporaryDirectory() as NSString).appendingPathComponent("relight-pipeline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        path = (base as NSString).resolvingSymlinksInPath
    }

    deinit {
        chmodTree(path)
        try? FileManager.default.removeItem(atPath: path)
    }

    func url(_ relative: String) -> String { (path as NSString).appendingPathComponent(relative) }

    @discardableResult
    func write(_ relative: String, _ data: Data) throws -> String {
        let file = url(relative)
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: file))
        return file
    }

    func files(in relative: String = "") -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: url(relative))) ?? []).sorted()
    }

    private func chmodTree(_ folder: String) {
        chmod(folder, 0o755)
        for item in (try? FileManager.default.subpathsOfDirectory(atPath: folder)) ?? [] {
            chmod((folder as NSString).appendingPathComponent(item), 0o755)
        }
    }
}

extension Scratch {
    /// Writes `data` to `folder/name` where `name` is raw bytes (e.g. Latin-1, not UTF-8), with
    /// open(2): Foundation cannot create such a name. Returns the path as relight carries it.
    @discardableResult
    func write(_ folder: String, name: [UInt8], _ data: Data) throws -> String {
        try FileManager.default.createDirectory(atPath: url(folder), withIntermediateDirectories: true)
        let path = PathBytes(url(folder)).appending(name)
        let fd = path.withCString { open($0, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) }
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown) }
        defer { close(fd) }
        let written = data.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard written == data.count else { throw CocoaError(.fileWriteUnknown) }
        return path.string
    }

    /// The names in a folder as raw bytes, sorted.
    func byteNames(in relative: String) -> [[UInt8]] {
        ((try? PathBytes(url(relative)).entries()) ?? []).sorted { $0.lexicographicallyPrecedes($1) }
    }
}
