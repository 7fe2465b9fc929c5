import Foundation
import ImageCodecs
import ImagePixels
import Testing

@Suite struct MetadataTests {
    /// exiftool's view of a file, as tag → value.
    func exiftool(_ file: URL) throws -> [String: String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/exiftool")
        process.arguments = ["-j", "-a", "-G1", "-s", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let list = try JSONSerialization.jsonObject(with: data) as? [[String: Any]]
        return (list?.first ?? [:]).mapValues { "\($0)" }
    }

    @Test func readsOrientationICCAndEXIF() throws {
        let decoded = try ImageDecoder.decode(try Fixture.bytes("exif.jpg"))
        #expect(decoded.header.width == 96 && decoded.header.height == 64)
        #expect(decoded.pixels.width == 64 && decoded.pixels.height == 96, "orientation 6 rotates")
        #expect(decoded.metadata.iccProfile != nil)
        #expect(decoded.metadata.exif != nil)
    }

    @Test func jpegOutputCarriesCaptureDateCameraCopyrightAndICC() throws {
        let sourceURL = Fixture.url("exif.jpg")
        let decoded = try ImageDecoder.decode(try Fixture.bytes("exif.jpg"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("metadata-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("out.jpg")
        let encoded = try ImageEncoder.encode(decoded.pixels, as: .jpeg, quality: 90, metadata: decoded.metadata)
        try Data(encoded).write(to: output)

        let source = try exiftool(sourceURL)
        let result = try exiftool(output)
        #expect(source["ExifIFD:DateTimeOriginal"] == "2024:06:01 18:30:00")
        for tag in ["ExifIFD:DateTimeOriginal", "IFD0:Copyright", "IFD0:Make", "IFD0:Model", "ICC_Profile:ProfileDescription"] {
            #expect(result[tag] != nil && result[tag] == source[tag], "\(tag): \(result[tag] ?? "missing")")
        }
        #expect(source["IFD0:Orientation"] == "Rotate 90 CW")
        #expect(result["IFD0:Orientation"] == "Horizontal (normal)")
        #expect(source["IFD1:ThumbnailImage"] != nil)
        #expect(result["IFD1:ThumbnailImage"] == nil, "the stale thumbnail is dropped")
        #expect(result["File:ImageWidth"] == "64" && result["File:ImageHeight"] == "96")
        #expect(result["ExifTool:Warning"] == nil, "exiftool finds nothing wrong: \(result["ExifTool:Warning"] ?? "")")
        // The thumbnail's bytes are gone too, not just unlinked.
        #expect(encoded.count < (try Fixture.bytes("exif.jpg")).count + 2000)
    }

    @Test func pngAndWebPOutputsAreUnaffectedByMetadata() throws {
        let decoded = try ImageDecoder.decode(try Fixture.bytes("exif.jpg"))
        let png = try ImageEncoder.encode(decoded.pixels, as: .png, metadata: decoded.metadata)
        #expect(try ImageDecoder.decode(png).pixels == decoded.pixels)
    }
}
