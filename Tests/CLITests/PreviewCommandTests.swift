import Foundation
import ImageCodecs
import ImagePixels
import Testing

/// `relight preview` through the real binary: a contact sheet of the sample photos × three profiles.
@Suite(.timeLimit(.minutes(3)))
struct PreviewCommandTests {
    static let photos = ["astronaut.png", "chelsea.png", "coffee.png", "rocket.jpg"].map {
        (RelightBinary.repository as NSString).appendingPathComponent("examples/photos/\($0)")
    }
    static let profiles = ["golden-hour", "neon-night", "window-light"]

    @Test func rendersALabelledContactSheetOfPhotosAndProfiles() throws {
        let scratch = try Scratch()
        let sheetPath = (scratch.path as NSString).appendingPathComponent("sheet.png")
        let result = try RelightBinary.run(
            ["preview"] + Self.photos + Self.profiles.flatMap { ["--profile", $0] } + ["--out", sheetPath],
            in: RelightBinary.repository)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Contact sheet: \(sheetPath)"), "the sheet's path is printed: \(result.stdout)")

        let decoded = try ImageDecoder.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: sheetPath))))
        let sheet = decoded.pixels
        // Four rows (photos) × four columns (the source and three profiles), 480-pixel cells.
        let layout = ContactSheet(rows: 4, columns: 4, cellSize: 480)
        #expect(sheet.width == 8 + 4 * (480 + 8) && sheet.width == layout.pixels.width)
        #expect(sheet.height == 8 + 4 * (layout.labelHeight + 480 + 8) && sheet.height == layout.pixels.height)

        var strips: [[UInt8]] = []
        for column in 0..<4 {
            let (x, y) = layout.origin(row: 0, column: column)
            let strip = sheet.cropped(x: x, y: y, width: 480, height: layout.labelHeight)
            let ink = stride(from: 0, to: strip.bytes.count, by: strip.channels).filter { strip.bytes[$0] > 200 }.count
            #expect(ink > 60, "column \(column)'s label is drawn")
            strips.append(strip.bytes)
        }
        #expect(Set(strips).count == 4, "every column has its own label: the file name, then each profile's name")

        // Each profile's cell differs from the source and from the other profiles.
        var cells: [[UInt8]] = []
        for column in 0..<4 {
            let (x, y) = layout.origin(row: 3, column: column)
            cells.append(sheet.cropped(x: x + 120, y: y + layout.labelHeight + 180, width: 240, height: 120).bytes)
        }
        #expect(Set(cells).count == 4)
        #expect(cells.allSatisfy { cell in Set(cell).count > 32 }, "the cells hold pictures, not blank boxes")
    }

    @Test func touchesNoJournalAndNoOutputFolder() throws {
        let scratch = try Scratch()
        try scratch.write("relight.yaml", """
            provider: local
            profiles_dir: \(RelightBinary.repository)/profiles
            status:
              listen: off
            watch:
              - path: inbox
                profiles: [golden-hour]
                output: relit/{profile}
            """)
        let out = (scratch.path as NSString).appendingPathComponent("looks/sheet.jpg")
        let result = try RelightBinary.run(
            ["preview", Self.photos[3], "--all", "--out", out, "--config", (scratch.path as NSString).appendingPathComponent("relight.yaml")],
            in: scratch.path)
        #expect(result.status == 0, "\(result.stderr)")
        let sheet = try ImageDecoder.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: out))))
        #expect(sheet.format == .jpeg && sheet.pixels.width == ContactSheet(rows: 1, columns: 12).pixels.width)
        let made = try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted()
        #expect(made == ["looks", "relight.yaml"], "no journal, no state folder, no output folder: \(made)")
    }

    @Test func refusesUnknownProfilesAndFormats() throws {
        let noProfile = try RelightBinary.run(["preview", Self.photos[0], "--profile", "golden-houre"], in: RelightBinary.repository)
        #expect(noProfile.status == 64 && noProfile.stderr.contains("did you mean 'golden-hour'"), "\(noProfile.stderr)")
        let badFormat = try RelightBinary.run(["preview", Self.photos[0], "--all", "--out", "sheet.gif"], in: RelightBinary.repository)
        #expect(badFormat.status == 64 && badFormat.stderr.contains(".jpg, .jpeg or .png"), "\(badFormat.stderr)")
        let nothing = try RelightBinary.run(["preview", Self.photos[0]], in: RelightBinary.repository)
        #expect(nothing.status == 64 && nothing.stderr.contains("--all"), "\(nothing.stderr)")
    }
}
