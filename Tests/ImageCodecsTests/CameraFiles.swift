import Foundation

/// Camera files made at test time with the field's own tools (ImageMagick, libtiff's tools,
/// heif-enc, exiftool and scripts/make-dng.py), so no camera file from elsewhere is committed.
struct CameraFiles {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("camera-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    func url(_ name: String) -> URL { folder.appendingPathComponent(name) }

    func bytes(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: url(name))) }

    /// The repository's root (for scripts/make-dng.py).
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A real photo to build camera files from.
    static var photo: URL { Fixture.url("exif.jpg") }

    /// Runs a tool in the folder; throws with its output when it fails.
    @discardableResult
    func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        process.currentDirectoryURL = folder
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ToolFailure(description: "\(tool) \(arguments.joined(separator: " ")) failed: \(output)")
        }
        return output
    }

    struct ToolFailure: Error, CustomStringConvertible { var description: String }

    /// A DNG from the sample photo: Bayer RGGB mosaic with the DNG colour tags and EXIF.
    @discardableResult
    func dng(_ name: String, size: String = "96x64", bits: Int = 12, orientation: Int = 1, extra: [String] = []) throws -> URL {
        try run("python3", [
            Self.repository.appendingPathComponent("scripts/make-dng.py").path, Self.photo.path, url(name).path,
            "--size", size, "--bits", String(bits), "--orientation", String(orientation),
        ] + extra)
        return url(name)
    }

    /// exiftool's view of a file, as group:tag → value.
    func exiftool(_ file: URL) throws -> [String: String] {
        let json = try run("exiftool", ["-j", "-a", "-G1", "-s", file.path])
        let list = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        return (list?.first ?? [:]).mapValues { "\($0)" }
    }
}
