import ArgumentParser
import Foundation
import RelightConfig
import RelightPipeline
import StatusServer

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Shows what the dashboard shows: counts per state and folder, failures, credits, and the daemon's provider state.",
        discussion: "Counts come from the journal. The provider's state comes from the running daemon's status server (status.listen), when it answers."
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @Option(help: "How many recent failures to show.")
    var failures = 10

    func run() async throws {
        let loaded = try loadConfiguration(global, createMissingFolders: false, printNotes: false, checkSecrets: false, journalOnly: true)
        let config = loaded.configuration
        let stateDirectory = config.stateDirectory
        let journalPath = (stateDirectory as NSString).appendingPathComponent("journal.sqlite")
        var summary = Journal.Summary()
        var folders: [String: [String: Int]] = [:]
        var hosts: [Journal.HostRecord] = []
        if config.journal.isShared || FileManager.default.fileExists(atPath: journalPath) {
            let journal = try await openJournal(config)
            summary = try await journal.summary(failureLimit: failures)
            folders = try await journal.countsByFolder()
            hosts = try await journal.hosts()
            await journal.close()
        }
        let backend = config.journal.isShared ? config.journal.backendName : "sqlite (\(journalPath))"
        let daemon = await DaemonStatus.fetch(config.status.listen)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            let answer = StatusJSON(
                counts: summary.counts, creditsToday: summary.creditsToday, creditsTotal: summary.creditsTotal,
                failures: summary.failures, folders: folders, journal: config.journal.backendName, hosts: hosts, daemon: daemon)
            printOut(String(decoding: try encoder.encode(answer), as: UTF8.self))
            return
        }
        printOut(StatusText(
            summary: summary, journalPath: backend, folders: folders, hosts: hosts, daemon: daemon, watched: Set(config.watch.map(\.path))).text)
    }
}

/// `relight status --json`: the journal's summary, counts per folder, and what the daemon said.
struct StatusJSON: Encodable {
    var counts: [String: Int]
    var creditsToday: Double
    var creditsTotal: Double
    var failures: [Journal.Summary.Failure]
    var folders: [String: [String: Int]]
    /// `sqlite` or the shared PostgreSQL's address (never with a password).
    var journal: String
    /// Every host on a shared journal, with its last heartbeat and what it holds.
    var hosts: [Journal.HostRecord]
    var daemon: DaemonStatus
}

/// What the running daemon's `/api/status` answered, if anything.
struct DaemonStatus: Encodable {
    var url: String?
    var answering: Bool
    var report: StatusReport?

    static func fetch(_ listen: ListenAddress?) async -> DaemonStatus {
        guard let listen else { return DaemonStatus(url: nil, answering: false) }
        // A server on every interface answers on loopback too.
        let host = ["0.0.0.0", "::", "[::]"].contains(listen.host) ? "127.0.0.1" : listen.host
        let base = ListenAddress(host: host, port: listen.port).description
        let url = "http://\(base)/api/status"
        guard let report = await StatusClient.get(url) else { return DaemonStatus(url: url, answering: false) }
        return DaemonStatus(url: url, answering: true, report: report)
    }
}

/// `relight status` as text.
struct StatusText {
    let summary: Journal.Summary
    let journalPath: String
    var folders: [String: [String: Int]] = [:]
    var hosts: [Journal.HostRecord] = []
    var daemon: DaemonStatus?
    /// relight.yaml's folders; the journal's others are `relight run`'s, or folders no longer watched.
    var watched: Set<String>? = nil

    /// ``watched`` and, on a shared journal, the folders other live hosts serve (their photos are in hand).
    private var watchedByAnyHost: Set<String>? {
        watched.map { $0.union(hosts.filter(\.alive).flatMap(\.servedPaths)) }
    }

    /// Queued items in the journal's folders that no host watches (nil without a config).
    private var unwatchedQueued: Int? {
        watchedByAnyHost.map { watched in
            folders.filter { !watched.contains($0.key) }.reduce(0) { $0 + ($1.value[ItemState.queued.rawValue] ?? 0) }
        }
    }

    var text: String {
        var lines = ["Journal: \(journalPath)"]
        lines += hostLines
        lines += daemonLines
        let total = summary.counts.values.reduce(0, +)
        if total == 0 {
            lines.append("Nothing recorded yet: drop photos into a watched folder, or run relight run.")
            return lines.joined(separator: "\n")
        }
        lines.append("")
        for state in ItemState.allCases {
            guard let count = summary.counts[state.rawValue], count > 0 else { continue }
            var line = "  " + state.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0) + String(count)
            if state == .queued, let unwatched = unwatchedQueued, unwatched > 0 {
                line += " (\(unwatched) in folders not watched, listed below)"
            }
            lines.append(line)
        }
        if !folders.isEmpty {
            lines.append("")
            lines.append("Per folder:")
            for path in folders.keys.sorted() {
                let counts = folders[path] ?? [:]
                let parts = ItemState.allCases.compactMap { state in counts[state.rawValue].map { "\($0) \(state.rawValue)" } }
                let note = watchedByAnyHost.map { $0.contains(path) ? "" : " (not watched: relight run, or no longer in relight.yaml)" } ?? ""
                lines.append("  \(path.isEmpty ? "(relight run)" : path)\(note): \(parts.joined(separator: ", "))")
            }
        }
        lines.append("")
        lines.append("Credits: \(format(summary.creditsToday)) today, \(format(summary.creditsTotal)) in total")
        if !summary.failures.isEmpty {
            lines.append("")
            lines.append("Recent failures:")
            for failure in summary.failures {
                let attempts = failure.attempts == 1 ? "1 attempt" : "\(failure.attempts) attempts"
                lines.append("  #\(failure.id) \(failure.sourcePath) [\(failure.profile)], \(attempts): \(failure.error)")
            }
            lines.append("Put them back in the queue with: relight retry --all-failed (or relight retry ID...)")
        }
        return lines.joined(separator: "\n")
    }

    /// One line per host of a shared journal: alive or silent, its last heartbeat, what it holds.
    private var hostLines: [String] {
        guard !hosts.isEmpty else { return [] }
        let formatter = ISO8601DateFormatter()
        return ["Hosts:"] + hosts.map { host in
            let state = host.alive ? "alive" : "silent"
            var line = "  \(host.id): \(state), last heartbeat \(formatter.string(from: host.heartbeatAt)), holding \(host.holding), serving \(host.servedPaths.joined(separator: ", "))"
            for item in host.held { line += "\n    #\(item.id) \(item.summary)" }
            if host.holding > host.held.count { line += "\n    … and \(host.holding - host.held.count) more" }
            return line
        }
    }

    private var daemonLines: [String] {
        guard let daemon, let url = daemon.url else { return [] }
        guard let report = daemon.report else { return ["Daemon: not answering on \(url) (is relight watch running?)"] }
        let provider = report.provider
        var line = "Daemon: \(report.healthy ? "healthy" : "unhealthy: \(report.health)"); provider \(provider.name) \(provider.state)"
        if let reason = provider.reason { line += " (\(reason))" }
        var lines = [line, "Queue: \(report.queue.waiting) waiting, \(report.queue.inFlight) in flight"]
        if let perDay = provider.budgetPerDay {
            lines.append("Budget left today: \(format(provider.budgetLeftToday ?? 0)) of \(format(perDay)) credits")
        }
        return lines
    }

    private func format(_ value: Double) -> String { CreditEstimate.format(value) }
}
