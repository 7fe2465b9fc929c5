import Foundation
import PresignedUpload
import RelightConfig
import Testing

/// The signer against AWS's published example and against botocore, character for character.
@Suite struct SigV4VectorTests {
    static let access = "AKIAIOSFODNN7EXAMPLE"
    static let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

    struct Vector: Decodable, CustomTestStringConvertible {
        var name, method, endpoint, region, bucket, key, addressing, date, accessKey, secretKey, url: String
        var expires: Int
        var testDescription: String { name }
    }

    struct Fixture: Decodable {
        var generator: String
        var vectors: [Vector]
    }

    static func date(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)!
    }

    static func presign(_ vector: Vector) throws -> String {
        let presigner = try SigV4Presigner(
            endpoint: vector.endpoint, region: vector.region, bucket: vector.bucket,
            addressing: S3UploadSettings.Addressing(rawValue: vector.addressing)!,
            credentials: S3Credentials(accessKeyID: vector.accessKey, secretAccessKey: vector.secretKey)
        )
        return try presigner.presign(SigV4Presigner.Method(rawValue: vector.method)!, key: vector.key, expires: vector.expires, at: date(vector.date)).url
    }

    static var fixtureURL: URL { Bundle.module.url(forResource: "sigv4_vectors", withExtension: "json", subdirectory: "Fixtures")! }

    static func committedVectors() throws -> [Vector] {
        try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: fixtureURL)).vectors
    }

    /// AWS S3 docs, "Authenticating Requests: Using Query Parameters", section "Example: presigned URL".
    @Test func awsPublishedExample() throws {
        let presigner = try SigV4Presigner(
            endpoint: "https://s3.amazonaws.com", region: "us-east-1", bucket: "examplebucket", addressing: .virtual,
            credentials: S3Credentials(accessKeyID: Self.access, secretAccessKey: Self.secret)
        )
        let url = try presigner.presign(.get, key: "test.txt", expires: 86400, at: Self.date("2013-05-24T00:00:00Z")).url
        #expect(url == "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
    }

    @Test func committedBotocoreVectorsCoverTheTable() throws {
        let vectors = try Self.committedVectors()
        #expect(vectors.count >= 15)
        #expect(Set(vectors.map(\.method)) == ["GET", "PUT", "DELETE"])
        #expect(Set(vectors.map(\.addressing)) == ["path", "virtual"])
        #expect(Set(vectors.map(\.region)).count >= 5)
        #expect(Set(vectors.map(\.expires)).count >= 5)
        #expect(vectors.contains { $0.key.contains(" ") } && vectors.contains { $0.key.contains("+") } && vectors.contains { !$0.key.allSatisfy(\.isASCII) })
    }

    @Test(arguments: try SigV4VectorTests.committedVectors())
    func matchesCommittedBotocoreVector(_ vector: Vector) throws {
        #expect(try Self.presign(vector) == vector.url)
    }

    /// Regenerates the vectors with the installed botocore, so the fixture cannot drift from the real thing.
    @Test(.timeLimit(.minutes(2)))
    func matchesLiveBotocore() async throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/make_sigv4_vectors.py")
        guard let output = try? Self.run(["python3", script.path]) else {
            // No python3 with botocore here; the committed vectors above still ran.
            print("python3 with botocore is not available; compared against the committed vectors only (run `make test` for the live check).")
            return
        }
        let live = try JSONDecoder().decode(Fixture.self, from: output)
        #expect(live.vectors.count == (try Self.committedVectors()).count)
        for vector in live.vectors {
            #expect(try Self.presign(vector) == vector.url, "\(vector.name) (\(live.generator))")
        }
    }

    static func run(_ arguments: [String]) throws -> Data? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? data : nil
    }

    @Test func refusesBadSettingsWithUsefulMessages() throws {
        let credentials = S3Credentials(accessKeyID: Self.access, secretAccessKey: Self.secret)
        #expect(throws: UploadError.self) { try SigV4Presigner(endpoint: "ftp://x", region: "us-east-1", bucket: "b", addressing: .path, credentials: credentials) }
        #expect(throws: UploadError.self) { try SigV4Presigner(endpoint: "https://s3.amazonaws.com", region: "us-east-1", bucket: "Bad_Bucket", addressing: .virtual, credentials: credentials) }
        let presigner = try SigV4Presigner(endpoint: "https://s3.amazonaws.com:443/", region: "us-east-1", bucket: "b", addressing: .path, credentials: credentials)
        #expect(throws: UploadError.self) { try presigner.presign(.get, key: "k", expires: 604_801) }
        #expect(try presigner.presign(.get, key: "k", expires: 60).url.hasPrefix("https://s3.amazonaws.com/b/k?"))
    }

    @Test func credentialsComeFromTheNamedVariablesAndNeverPrint() throws {
        let settings = S3UploadSettings(endpoint: "http://127.0.0.1:1", region: "us-east-1", bucket: "b", accessKeyEnv: "MY_ACCESS", secretKeyEnv: "MY_SECRET")
        let credentials = try S3Credentials(settings: settings, environment: ["MY_ACCESS": "AK", "MY_SECRET": "very-secret"])
        #expect(credentials.accessKeyID == "AK")
        #expect(!"\(credentials)".contains("very-secret"))
        do {
            _ = try S3Credentials(settings: settings, environment: ["MY_ACCESS": "AK"])
            Issue.record("a missing secret must be refused")
        } catch {
            #expect(error.code == .missingCredentials)
            #expect(error.message.contains("MY_SECRET"))
        }
    }

    @Test func presignedURLRedactionHidesTheSignature() throws {
        let url = try Self.presign(try Self.committedVectors()[0])
        let redacted = PresignedURL(url).redacted
        #expect(!redacted.contains("X-Amz-Signature"))
        #expect(!PresignedURL.scrubQueries("failed: GET \(url) (timeout)").contains("aeeed9bb"))
    }
}
