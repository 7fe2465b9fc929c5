import ArgumentParser
import Dispatch
import FolderWatch
import Foundation
import Logging
import RelightConfig

struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Runs the daemon: watches the configured folders and relights what lands in them.",
        discussion: "With --dry-run, prints each complete image as it arrives and the profiles it would get, and processes nothing. Stop with Ctrl-C."
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Print each complete file and the profiles it would get; process nothing.")
    var dryRun = false

    @Option(name: .long, help: "Log lines as text or json (one object per line), on standard error.")
    var logFormat: LogFormat = .text

    @Option(name: .long, help: ArgumentHelp("The least severe log level shown: trace, debug, info, notice, warning, error or critical.", valueName: "level"))
    var logLevel: Logger.Level = .info

    func run() async throws {
        // First thing, before anything opens descriptors: libinotifytools aborts on a descriptor ≥ 1024.
        FolderWatch.initializeInotify()
        LogSettings.format = logFormat
        LogSettings.level = logLevel
        guard dryRun else {
            try await Daemon(global: global).run()
            return
        }
        // A dry run changes nothing on disk, so missing watched folders are not created; they are
        // reported and picked up when they appear.
        let loaded = try loadConfiguration(global, createMissingFolders: false)
        var logger = Logger(label: "relight.watch", factory: { label in StreamLogHandler.standardError(label: label) })
        logger.logLevel = .info
        let watcher = FolderWatcher(
            entries: loaded.configuration.watch,
            knownProfiles: Set(loaded.profiles.names),
            ignoredFolders: [loaded.configuration.stateDirectory],
            logger: logger
        )
        let signals = StopSignals { watcher.stop() }
        defer { signals.cancel() }
        printError("relight watch --dry-run: nothing is processed. Stop with Ctrl-C.")
        for await event in watcher.start() {
            if let line = DryRunLine(event) { line.toStdout ? printOut(line.text) : printError(line.text) }
        }
    }
}

/// How a dry run shows one watcher event.
struct DryRunLine {
    var text: String
    var toStdout: Bool

    init?(_ event: FolderWatchEvent) {
        switch event {
        case .complete(let file):
            let when = file.origin == .startupScan ? "  (already there at start-up)" : ""
            text = "\(file.path) → \(file.profiles.joined(separator: ", "))\(when)"
            toStdout = true
        case .unroutable(let file):
            text = "\(file.path) → no profile: \(file.reason)"
            toStdout = true
        case .ready(let root, let mode):
            text = "watching \(root) (\(mode))"
            toStdout = false
        case .rootRestored, .rootUnavailable, .pollingFallback:
            // The watcher's logger has already said these on standard error.
            return nil
        }
    }
}

/// Calls `stop` on SIGINT or SIGTERM.
final class StopSignals {
    private let sources: [any DispatchSourceSignal]

    init(_ stop: @escaping @Sendable () -> Void) {
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: stop)
            source.resume()
            return source
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
    }
}
