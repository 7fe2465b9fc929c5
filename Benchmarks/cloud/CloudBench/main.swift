// Cloud-path benchmarks (not part of `swift test`): see run.sh beside this folder.
//
//   relight-cloud-bench jobs   --api URL --presign URL --key KEY --jobs 1000 --concurrency 1,4,16
//   relight-cloud-bench upload --file PATH (--presign URL --key KEY | --s3 ENDPOINT --bucket B)
import AsyncHTTPClient
import Foundation
import PixelDojo
import PresignedUpload
import RelightConfig

#if canImport(Glibc)
import Glibc
#endif

/// CPU time (user + system) and peak RSS of this process.
func usage() -> (cpu: Double, maxRSSKB: Int) {
    var value = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &value)
    let cpu = Double(value.ru_utime.tv_sec + value.ru_stime.tv_sec) + Double(value.ru_utime.tv_usec + value.ru_stime.tv_usec) / 1e6
    return (cpu, Int(value.ru_maxrss))
}

/// Current RSS from /proc, in KiB.
func currentRSSKB() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
    else { return 0 }
    return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
}

func option(_ name: String, _ arguments: [String]) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

/// A valid 1×1 PNG made distinct by trailing bytes after IEND.
func smallPNG(_ index: Int) -> [UInt8] {
    let png: [UInt8] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01,
        0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41,
        0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0, 0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00,
        0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ]
    return png + Array("#\(index)".utf8)
}

func jobs(_ arguments: [String]) async throws {
    let api = option("--api", arguments)!
    let presign = option("--presign", arguments)!
    let key = option("--key", arguments) ?? "sandbox-key"
    let count = Int(option("--jobs", arguments) ?? "1000")!
    let levels = (option("--concurrency", arguments) ?? "1,4,16").split(separator: ",").compactMap { Int($0) }
    let http = PixelDojoClient.makeHTTPClient()
    do {
        try await runJobs(http: http, api: api, presign: presign, key: key, count: count, levels: levels)
    } catch {
        try? await http.shutdown()
        throw error
    }
    try await http.shutdown()
}

func runJobs(http: HTTPClient, api: String, presign: String, key: String, count: Int, levels: [Int]) async throws {
    let client = PixelDojoClient(
        settings: PixelDojoSettings(baseURL: api, requestsPerMinute: 10_000_000, maxDownloadBytes: 1 << 20),
        apiKey: APIKey(key), httpClient: http
    )
    let uploader = try makeUploader(.presignService(PresignServiceSettings(url: presign, tokenEnv: "K")), environment: ["K": key], httpClient: http)
    // Untimed set-up: 1,000 distinct small images in the sandbox's store.
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("relight-bench-\(getpid())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    var subjects: [String] = []
    for index in 0..<count {
        let path = folder.appendingPathComponent("\(index).png").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(smallPNG(index)))
        subjects.append(try await uploader.upload(try await SourceImage.inspect(path: path)).fileURL.url)
    }
    let profile = LightingProfile(name: "bench", prompt: "bench", numberOfImages: 1)
    print("concurrency,jobs,seconds,jobs_per_s,client_cpu_ms_per_job")
    for level in levels {
        let before = usage().cpu
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            func one(_ subject: String) async throws {
                var parameters = profile.apiParameters
                parameters["subject_image"] = .string(subject)
                let job = try await client.submit(parameters)
                while true {
                    switch try await client.poll(job) {
                    case .completed(let outputs, _):
                        for url in outputs { _ = try await client.download(url) }
                        return
                    case .failed(let reason):
                        throw PixelDojoError(.jobFailed, reason)
                    case .running:
                        try await Task.sleep(for: .milliseconds(2))
                    }
                }
            }
            for _ in 0..<min(level, count) {
                let subject = subjects[next]
                next += 1
                group.addTask { try await one(subject) }
            }
            while try await group.next() != nil {
                if next < count {
                    let subject = subjects[next]
                    next += 1
                    group.addTask { try await one(subject) }
                }
            }
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let cpu = usage().cpu - before
        print(String(format: "%d,%d,%.2f,%.1f,%.3f", level, count, seconds, Double(count) / seconds, cpu * 1000 / Double(count)))
    }
}

func upload(_ arguments: [String]) async throws {
    let file = option("--file", arguments)!
    let http = HTTPClient(eventLoopGroupProvider: .singleton)
    do {
        try await runUpload(http: http, file: file, arguments: arguments)
    } catch {
        try? await http.shutdown()
        throw error
    }
    try await http.shutdown()
}

func runUpload(http: HTTPClient, file: String, arguments: [String]) async throws {
    let uploader: any ImageUploader
    let target: String
    if let endpoint = option("--s3", arguments) {
        let settings = S3UploadSettings(endpoint: endpoint, region: "us-east-1", bucket: option("--bucket", arguments) ?? "bench", accessKeyEnv: "A", secretKeyEnv: "S")
        uploader = try makeUploader(.s3(settings), environment: ["A": "AKIAIOSFODNN7EXAMPLE", "S": "secret"], httpClient: http)
        target = "moto"
    } else {
        let key = option("--key", arguments) ?? "sandbox-key"
        uploader = try makeUploader(.presignService(PresignServiceSettings(url: option("--presign", arguments)!, tokenEnv: "K")), environment: ["K": key], httpClient: http)
        target = "sandbox"
    }
    let source = try await SourceImage.inspect(path: file)
    let rssBefore = currentRSSKB()
    let start = ContinuousClock.now
    let object = try await uploader.upload(source)
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    try await uploader.delete(object)
    print(String(format: "target=%@ bytes=%lld seconds=%.3f MB_per_s=%.1f rss_before_kb=%d rss_after_kb=%d max_rss_kb=%d",
                 target, source.size, seconds, Double(source.size) / 1e6 / seconds, rssBefore, currentRSSKB(), usage().maxRSSKB))
}

let arguments = CommandLine.arguments
switch arguments.dropFirst().first {
case "jobs": try await jobs(arguments)
case "upload": try await upload(arguments)
default:
    print("usage: relight-cloud-bench jobs|upload …  (see Benchmarks/cloud/run.sh)")
    exit(64)
}
