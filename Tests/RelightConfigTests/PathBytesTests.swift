import Foundation
import RelightConfig
import Testing

@Suite struct PathBytesTests {
    /// Valid multi-byte UTF-8 to mix with stray bytes: 2, 3 and 4 bytes long, and the last scalar
    /// before the escape range.
    static let utf8Pieces: [[UInt8]] = ["é", "照", "🌅", "\u{10FF7F}", "a/b"].map { Array($0.utf8) }

    static func roundTrips(_ bytes: [UInt8]) -> Bool {
        let string = PathBytes(bytes: bytes).string
        return PathBytes(string).bytes == bytes && PathBytes(bytes: PathBytes(string).bytes).string == string
    }

    @Test func everyByteValueRoundTripsAloneAndMixedWithUTF8() {
        for value in 0...255 {
            let byte = UInt8(value)
            #expect(Self.roundTrips([byte]), "byte \(value)")
            for piece in Self.utf8Pieces {
                #expect(Self.roundTrips(piece + [byte]), "\(piece) then \(value)")
                #expect(Self.roundTrips([byte] + piece), "\(value) then \(piece)")
                #expect(Self.roundTrips(piece + [byte, byte] + piece), "\(value) twice inside \(piece)")
            }
        }
    }

    @Test func everyPairOfBytesRoundTrips() {
        var failures = 0
        for first in 0...255 {
            for second in 0...255 where !Self.roundTrips(Array("caf".utf8) + [UInt8(first), UInt8(second)] + Array(".jpg".utf8)) {
                failures += 1
            }
        }
        #expect(failures == 0)
    }

    @Test func randomByteStringsRoundTrip() {
        var generator = SplitMix(seed: 11)
        for _ in 0..<5000 {
            let length = Int(generator.next() % 24)
            var bytes: [UInt8] = []
            for _ in 0..<length {
                // Lean toward the bytes that start and continue multi-byte sequences.
                let raw = generator.next()
                bytes.append(raw % 3 == 0 ? UInt8(truncatingIfNeeded: raw >> 8) : UInt8(0x80 | (raw >> 8) & 0x7F))
            }
            #expect(Self.roundTrips(bytes), "\(bytes)")
        }
    }

    @Test func validUTF8IsItsOwnString() {
        let name = "ünïcødé 照片 🌅.jpg"
        #expect(PathBytes(bytes: Array(name.utf8)).string == name)
        #expect(PathBytes(name).bytes == Array(name.utf8))
        #expect(PathBytes.display(name) == name)
        #expect(PathBytes.readable(name) == name)
        #expect(!PathBytes.hasEscapes(name))
    }

    @Test func aLatin1NameIsShownEscapedAndReadAsWindows1252() {
        let path = PathBytes(bytes: Array("/in/caf".utf8) + [0xE9] + Array(".jpg".utf8))
        #expect(path.description == "/in/caf\\xE9.jpg")
        #expect(path.readable == "/in/café.jpg")
        #expect(PathBytes.hasEscapes(path.string))
        #expect(!path.string.unicodeScalars.contains("\u{FFFD}"))
        let smart = PathBytes(bytes: [0x93, 0x80, 0x94, 0x81, 0xFF])
        #expect(smart.description == "\\x93\\x80\\x94\\x81\\xFF")
        #expect(smart.readable == "\u{201C}€\u{201D}_ÿ")
    }

    @Test func displayAndReadableNeverShowTheEscapeScalars() {
        for value in 0x80...0xFF {
            let string = PathBytes(bytes: [0x61, UInt8(value), 0x62]).string
            for shown in [PathBytes.display(string), PathBytes.readable(string)] {
                #expect(!shown.unicodeScalars.contains { $0.value >= 0x10_FF00 }, "byte \(value): \(shown)")
            }
        }
    }

    @Test func aRealNameHoldingAnEscapeScalarKeepsItsBytes() {
        let bytes = Array("x\u{10FFE9}y".utf8)
        let string = PathBytes(bytes: bytes).string
        #expect(string != "x\u{10FFE9}y", "the scalar itself is escaped, byte by byte")
        #expect(PathBytes(string).bytes == bytes)
        #expect(PathBytes.display(string) == "x\\xF4\\x8F\\xBF\\xA9y")
    }

    @Test func overlongSurrogateAndTruncatedFormsAreEscapedByteByByte() {
        for bytes: [UInt8] in [[0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0xF0, 0x9F, 0x8C]] {
            let path = PathBytes(bytes: bytes)
            #expect(path.description == bytes.map { "\\x" + String($0, radix: 16, uppercase: true) }.joined(), "\(bytes)")
            #expect(Self.roundTrips(bytes))
        }
    }

    @Test func filesAreReachedByTheirRealBytes() throws {
        let folder = try TemporaryFolder()
        let name: [UInt8] = Array("caf".utf8) + [0xE9] + Array(".jpg".utf8)
        let path = PathBytes(folder.path).appending(name)
        let fd = path.withCString { open($0, O_WRONLY | O_CREAT | O_EXCL, 0o644) }
        #expect(fd >= 0)
        _ = [UInt8]("hello".utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        let carried = PathBytes(path.string)
        #expect(try carried.contents() == Array("hello".utf8))
        #expect(try carried.contents(limit: 2) == Array("he".utf8))
        #expect(try carried.attributes().size == 5)
        #expect(try PathBytes(folder.path).entries() == [name])
        var total = 0
        try carried.forEachChunk(of: 2) { total += $0.count }
        #expect(total == 5)
        #expect(!FileManager.default.fileExists(atPath: path.string), "Foundation cannot reach it: the reason for PathBytes")
        #expect(throws: PathBytes.FileError.self) { try PathBytes(folder.path + "/missing").contents() }
    }
}

/// A small seeded generator, so the random cases are the same on every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
