import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import PresignedUpload
import RelightConfig
import Testing

/// The S3 path against a real `moto_server`: path-addressed bucket, presigned PUT, presigned GET, delete.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct MotoUploadTests {
    static let environment = ["TEST_ACCESS": "AKIAIOSFODNN7EXAMPLE", "TEST_SECRET": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"]

    static func photo() throws -> String {
        let source = Bundle.module.url(forResource: "rocket", withExtension: "jpg", subdirectory: "Fixtures")!
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("relight-moto-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("Client Secret Shoot.jpg").path
        try FileManager.default.copyItem(atPath: source.path, toPath: path)
        return path
    }

    @Test func presignedPutGetAndDeleteAgainstMoto() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let http = HTTPClient.shared

        let bucket = "relight-test-\(UInt32.random(in: 0...UInt32.max))"
        var create = HTTPClientRequest(url: "\(moto.url)/\(bucket)")
        create.method = .PUT
        let created = try await http.execute(create, timeout: .seconds(30))
        #expect(created.status == .ok)

        let settings = S3UploadSettings(
            endpoint: moto.url, region: "us-east-1", bucket: bucket, prefix: "relight/", addressing: .path,
            accessKeyEnv: "TEST_ACCESS", secretKeyEnv: "TEST_SECRET", expires: .seconds(900), deleteAfter: true
        )
        let uploader = try makeUploader(.s3(settings), environment: Self.environment, httpClient: http)
        let path = try Self.photo()
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        let source = try await SourceImage.inspect(path: path)
        #expect(source.kind == .jpeg)
        #expect(source.size == Int64(original.count))

        let object = try await uploader.upload(source)
        #expect(object.key.hasPrefix("relight/\(source.sha256)-"))
        #expect(object.key.hasSuffix(".jpg"))
        #expect(!object.key.contains("Client") && !object.fileURL.url.contains("Secret"))
        #expect(object.fileURL.url.hasPrefix("\(moto.url)/\(bucket)/relight/"))

        // The presigned GET returns the same bytes, with the image's own content type.
        let fetched = try await http.execute(HTTPClientRequest(url: object.fileURL.url), timeout: .seconds(30))
        #expect(fetched.status == .ok)
        #expect(fetched.headers.first(name: "Content-Type") == "image/jpeg")
        let bytes = try await fetched.body.collect(upTo: 10 << 20)
        #expect(Data(buffer: bytes) == original)

        // Two uploads of the same content get different, unguessable names.
        let again = try await uploader.upload(source)
        #expect(again.key != object.key)

        try await uploader.delete(object)
        try await uploader.delete(again)
        let gone = try await http.execute(HTTPClientRequest(url: object.fileURL.url), timeout: .seconds(30))
        #expect(gone.status == .notFound)
        _ = try await gone.body.collect(upTo: 1 << 20)
    }

    @Test func uploadToAMissingBucketFailsWithTheStoresReason() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let http = HTTPClient.shared
        let settings = S3UploadSettings(endpoint: moto.url, region: "us-east-1", bucket: "no-such-bucket-here", accessKeyEnv: "TEST_ACCESS", secretKeyEnv: "TEST_SECRET")
        let uploader = try makeUploader(.s3(settings), environment: Self.environment, httpClient: http)
        do {
            _ = try await uploader.upload(try await SourceImage.inspect(path: try Self.photo()))
            Issue.record("the upload must fail")
        } catch let error as UploadError {
            #expect(error.code == .rejected)
            #expect(error.status == 404)
            #expect(error.message.contains("NoSuchBucket"))
            #expect(!error.message.contains("X-Amz-Signature"))
        }
    }
}
