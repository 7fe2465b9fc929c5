import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import PixelDojo
import RelightConfig
import Relighting
import RelightPipeline
import Testing

/// After a crash, the journal knows every object it uploaded: the start-up clean-up deletes those no
/// job needs any more and keeps those an open job may still fetch. Checked against real stores:
/// moto's S3 (listing the bucket) and the sandbox's presign service (fetching each object).
@Suite(.serialized, .timeLimit(.minutes(3)))
struct LeftoverUploadTests {
    static let environment = [
        "PIXELDOJO_API_KEY": "sandbox-key", "PRESIGN_TOKEN": "sandbox-key",
        "TEST_ACCESS": "AKIAIOSFODNN7EXAMPLE", "TEST_SECRET": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    ]

    /// One journal item per case, each with an upload recorded before its (simulated) crash.
    enum Case: String, CaseIterable {
        case done, failed, queuedWithoutJob, uploadingWithoutJob, submittedWithJob, pausedWithJob, alreadyDeleted

        var state: ItemState {
            switch self {
            case .done, .alreadyDeleted: .done
            case .failed: .failed
            case .queuedWithoutJob: .queued
            case .uploadingWithoutJob: .uploading
            case .submittedWithJob: .submitted
            case .pausedWithJob: .paused
            }
        }

        var jobID: String? {
            switch self {
            case .done, .failed, .submittedWithJob, .pausedWithJob, .alreadyDeleted: "job-\(rawValue)"
            case .queuedWithoutJob, .uploadingWithoutJob: nil
            }
        }

        /// Whether the clean-up must delete the object.
        var isLeftover: Bool { [.done, .failed, .queuedWithoutJob, .uploadingWithoutJob].contains(self) }
    }

    static func configuration(stateDirectory: String, sandbox: SandboxProcess, upload: UploadSettings) -> RelightConfiguration {
        RelightConfiguration(
            file: stateDirectory + "/relight.yaml", baseDirectory: stateDirectory, provider: .pixeldojo, providerIsExplicit: true,
            profilesDirectory: stateDirectory + "/profiles", stateDirectory: stateDirectory,
            pixeldojo: PixelDojoSettings(baseURL: sandbox.origin + "/api/v1"), upload: upload,
            budget: BudgetSettings(), watch: [], status: StatusSettings(listen: nil))
    }

    /// Items in every state, each with one recorded upload (`key(for:)` names its object).
    static func crashedJournal(_ stateDirectory: String, key: (Case) -> StoredUpload) async throws -> Journal {
        let journal = try Journal(stateDirectory: stateDirectory)
        for (index, item) in Case.allCases.enumerated() {
            var row = JournalItem(
                sourceSHA256: String(repeating: String(index), count: 64), profile: "golden-hour", fingerprint: "f",
                sourcePath: "/photos/\(item.rawValue).jpg", watchPath: "/photos", provider: "pixeldojo", state: item.state)
            row.jobID = item.jobID
            let id = try #require(try await journal.insert([row]).first)
            try await journal.recordUpload(key(item), itemID: id)
            if item == .alreadyDeleted { try await journal.markUploadDeleted(key: key(item).key) }
        }
        return journal
    }

    static func temporaryFolder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("relight-leftovers-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static let photo = Data([0xFF, 0xD8, 0xFF, 0xE0]) + Data(repeating: 7, count: 2048)

    @Test func startUpDeletesExactlyTheS3ObjectsNoJobNeeds() async throws {
        let moto = try await MotoProcess()
        let sandbox = try await SandboxProcess()
        let bucket = try await moto.makeBucket()
        let state = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let uploads = Dictionary(uniqueKeysWithValues: Case.allCases.map { item in
            (item, StoredUpload(key: "relight/\(item.rawValue)-\(UUID().uuidString).jpg", size: Int64(Self.photo.count), contentType: "image/jpeg", sha256: String(repeating: "a", count: 64)))
        })
        for upload in uploads.values { try await moto.put(bucket, upload.key, Self.photo) }
        // An object the journal never knew of (the lifecycle rule's business) stays too.
        try await moto.put(bucket, "relight/unknown.jpg", Self.photo)
        let journal = try await Self.crashedJournal(state) { uploads[$0]! }

        let settings = S3UploadSettings(endpoint: moto.url, region: "us-east-1", bucket: bucket, accessKeyEnv: "TEST_ACCESS", secretKeyEnv: "TEST_SECRET")
        let provider = try CloudProvider.make(
            Self.configuration(stateDirectory: state, sandbox: sandbox, upload: .s3(settings)), environment: Self.environment)
        let cleanup = try await DaemonPreparation.deleteLeftoverUploads(journal: journal, provider: provider, logger: Logger(label: "test"))
        try await provider.shutdown()

        #expect(cleanup == .init(deleted: 4, keptByStore: 0, failed: 0, inUse: 2))
        let remaining = try await moto.keys(bucket)
        let expected = Set(Case.allCases.filter { !$0.isLeftover }.map { uploads[$0]!.key } + ["relight/unknown.jpg"])
        #expect(remaining == expected)
        // The journal agrees: nothing left over; the objects of open jobs are still its to delete.
        let (leftover, inUse) = try await journal.undeletedUploads()
        #expect(leftover.isEmpty)
        #expect(Set(inUse.map(\.upload.key)) == Set([uploads[.submittedWithJob]!.key, uploads[.pausedWithJob]!.key]))
        // A second start finds nothing more to do.
        let again = try CloudProvider.make(Self.configuration(stateDirectory: state, sandbox: sandbox, upload: .s3(settings)), environment: Self.environment)
        #expect(try await DaemonPreparation.deleteLeftoverUploads(journal: journal, provider: again, logger: Logger(label: "test")).deleted == 0)
        try await again.shutdown()
    }

    @Test func startUpDeletesThroughThePresignServiceByName() async throws {
        let sandbox = try await SandboxProcess()
        let state = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: state) }
        var uploads: [Case: StoredUpload] = [:]
        var fileURLs: [Case: String] = [:]
        for item in Case.allCases {
            let name = "\(String(repeating: "b", count: 64))-\(item.rawValue.lowercased())-\(UInt32.random(in: 0...UInt32.max)).jpg"
            let upload = StoredUpload(key: name, size: Int64(Self.photo.count), contentType: "image/jpeg", sha256: String(repeating: "b", count: 64))
            fileURLs[item] = try await Self.uploadThroughPresign(sandbox, upload)
            uploads[item] = upload
        }
        let journal = try await Self.crashedJournal(state) { uploads[$0]! }
        let provider = try CloudProvider.make(
            Self.configuration(stateDirectory: state, sandbox: sandbox, upload: .presignService(PresignServiceSettings(url: sandbox.origin + "/presign"))),
            environment: Self.environment)
        let cleanup = try await DaemonPreparation.deleteLeftoverUploads(journal: journal, provider: provider, logger: Logger(label: "test"))
        try await provider.shutdown()

        #expect(cleanup == .init(deleted: 4, keptByStore: 0, failed: 0, inUse: 2))
        for item in Case.allCases {
            let (_, response) = try await URLSession.shared.data(from: URL(string: fileURLs[item]!)!)
            let status = (response as? HTTPURLResponse)?.statusCode
            #expect(status == (item.isLeftover ? 404 : 200), "\(item): HTTP \(String(describing: status))")
        }
        let stats = try await sandbox.stats()
        #expect(stats["objectDeletes"] as? Int == 4)
        #expect(stats["storedObjects"] as? Int == 3)
    }

    /// What the provider does: ask the presign service for URLs, then PUT. Returns the GET URL.
    static func uploadThroughPresign(_ sandbox: SandboxProcess, _ upload: StoredUpload) async throws -> String {
        var request = URLRequest(url: URL(string: sandbox.origin + "/presign")!)
        request.httpMethod = "POST"
        request.setValue("Bearer sandbox-key", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: [
            "name": upload.key, "size": upload.size, "contentType": upload.contentType, "sha256": upload.sha256,
        ])
        let (data, _) = try await URLSession.shared.data(for: request)
        let answer = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var put = URLRequest(url: URL(string: try #require(answer["uploadUrl"] as? String))!)
        put.httpMethod = "PUT"
        put.setValue(upload.contentType, forHTTPHeaderField: "Content-Type")
        put.httpBody = photo
        let (_, response) = try await URLSession.shared.data(for: put)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        return try #require(answer["fileUrl"] as? String)
    }
}
