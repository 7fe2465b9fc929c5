// Claims through the journal, for Benchmarks/journal/run.sh (not a test).
//
//   journal-bench fill (--postgres URL | --sqlite DIR) --items N
//   journal-bench work (--postgres URL | --sqlite DIR) --host NAME [--budget]
//
// `work` claims items one at a time until none is left, through the calls a daemon's pipeline
// makes (claimNext, then finish: the item saved as done, which gives its lease up, and the
// release the pipeline calls for every finished item, free for a done one), and prints one line:
// `claims=N seconds=S p50_ms=… p99_ms=…` for the claim calls alone. `--budget` claims under a
// shared daily budget (never reached), as a daemon with a cloud provider and `budget:` does.
import Foundation
import Logging
import RelightConfig
import RelightPipeline

func option(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

func openJournal(host: String) async throws -> Journal {
    if let url = option("--postgres") {
        guard case .success(let parsed) = PostgresURL.parse(url) else { fatalError("--postgres takes postgresql://user@host:port/db") }
        return try await Journal.postgres(parsed, password: ProcessInfo.processInfo.environment["PGPASSWORD"], host: host, logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }))
    }
    guard let folder = option("--sqlite") else { fatalError("give --postgres URL or --sqlite DIR") }
    return try Journal(stateDirectory: folder)
}

let command = CommandLine.arguments.dropFirst().first ?? ""
let host = option("--host") ?? "bench-\(getpid())"
let journal = try await openJournal(host: host)
switch command {
case "fill":
    let count = Int(option("--items") ?? "10000") ?? 10_000
    var batch: [JournalItem] = []
    for index in 0..<count {
        batch.append(JournalItem(
            sourceSHA256: String(format: "%064x", index), profile: "warm", fingerprint: "f", sourcePath: "/in/\(index).jpg",
            watchPath: "/in", provider: "local", state: .queued, detectedAt: Date()))
        if batch.count == 1_000 {
            try await journal.insert(batch)
            batch = []
        }
    }
    if !batch.isEmpty { try await journal.insert(batch) }
    print("filled=\(count)")
case "work":
    var lease = Journal.Lease(host: host, timeout: .seconds(30), servedPaths: ["/in"])
    if CommandLine.arguments.contains("--budget") {
        lease.budget = Journal.BudgetCheck(creditsPerDay: 1e9, estimates: ["warm": 1], startOfDay: Calendar.current.startOfDay(for: Date()))
    }
    var latencies: [Double] = []
    let clock = ContinuousClock()
    let start = clock.now
    while true {
        let before = clock.now
        guard case .claimed(var item) = try await journal.claimNext(lease: lease) else { break }
        let took = clock.now - before
        latencies.append(Double(took.components.seconds) * 1e3 + Double(took.components.attoseconds) / 1e15)
        item.state = .done
        item.finishedAt = Date()
        try await journal.save(item)
        try await journal.release(item, host: host)
    }
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    latencies.sort()
    func percentile(_ p: Double) -> Double { latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
    print(String(format: "claims=%d seconds=%.3f p50_ms=%.3f p99_ms=%.3f", latencies.count, seconds, percentile(0.5), percentile(0.99)))
default:
    print("usage: journal-bench fill|work (--postgres URL | --sqlite DIR) [--items N] [--host NAME]")
    exit(64)
}
await journal.close()
