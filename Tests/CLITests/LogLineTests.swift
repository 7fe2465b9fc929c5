import Foundation
import Logging
import RelightConfig
import Relighting
import RelightPipeline
import Testing
@testable import relight

@Suite struct LogLineTests {
    let redactor = SecretRedactor(secrets: ["pd_SECRET_123"])
    let date = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func textLinesHaveDottedMetadataAndMaskSecrets() {
        let line = RelightLogHandler.line(
            level: .error, label: "relight", message: "upload to https://b.example/x?X-Amz-Signature=abc123&X-Amz-Date=1 failed",
            metadata: ["file": ["path": "/in/a b.jpg"], "profile": "golden-hour", "key": "pd_SECRET_123"], format: .text,
            redactor: redactor, date: date)
        #expect(line == "2027-01-15T08:00:00Z error relight: upload to https://b.example/x?X-Amz-Signature=***&X-Amz-Date=1 failed file.path=\"/in/a b.jpg\" key=*** profile=golden-hour")
    }

    @Test func jsonLinesAreOneObjectEach() throws {
        let line = RelightLogHandler.line(
            level: .info, label: "relight", message: "submitted\nBearer pd_SECRET_123", metadata: ["job.id": "j-1"], format: .json,
            redactor: redactor, date: date)
        #expect(!line.contains("\n") && !line.contains("pd_SECRET_123"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        #expect(object["job.id"] == "j-1" && object["level"] == "info" && object["message"]?.hasPrefix("submitted") == true)
    }
}

extension LogLineTests {
    /// A path carrying a Latin-1 name (see PathBytes) shows its byte as `\xE9` in both formats.
    @Test func namesThatAreNotUTF8AreShownEscaped() throws {
        let path = PathBytes(bytes: Array("/in/caf".utf8) + [0xE9] + Array(".jpg".utf8)).string
        let text = RelightLogHandler.line(
            level: .info, label: "relight", message: "cannot read \(path)", metadata: ["file.path": "\(path)"], format: .text,
            redactor: redactor, date: date)
        #expect(text == "2027-01-15T08:00:00Z info relight: cannot read /in/caf\\xE9.jpg file.path=/in/caf\\xE9.jpg")
        let json = RelightLogHandler.line(
            level: .info, label: "relight", message: "relit", metadata: ["file.path": "\(path)"], format: .json, redactor: redactor, date: date)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String])
        #expect(object["file.path"] == "/in/caf\\xE9.jpg")
    }
}
