import Foundation

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
