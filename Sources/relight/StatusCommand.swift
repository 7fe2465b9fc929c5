import ArgumentParser
import Foundation
import RelightConfig
import RelightPipeline

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Shows what the journal knows: counts per state, failures, credits."
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @Option(help: "How many recent failures to show.")
    var failures = 10

    func run() async throws {
        let loaded = try loadConfiguration(global, createMissingFolders: false, printNotes: false, checkSecrets: false)
        let stateDirectory = loaded.configuration.stateDirectory
        let journalPath = (stateDirectory as NSString).appendingPathComponent("journal.sqlite")
        let summary: Journal.Summary
        if FileManager.default.fileExists(atPath: journalPath) {
            summary = try await Journal(stateDirectory: stateDirectory).summary(failureLimit: failures)
        } else {
            summary = Journal.Summary()
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            printOut(String(decoding: try encoder.encode(summary), as: UTF8.self))
            return
        }
        printOut(StatusText(summary: summary, journalPath: journalPath).text)
    }
}

/// `relight status` as text.
struct StatusText {
    let summary: Journal.Summary
    let journalPath: String

    var text: String {
        var lines = ["Journal: \(journalPath)"]
        let total = summary.counts.values.reduce(0, +)
        if total == 0 {
            lines.append("Nothing recorded yet: drop photos into a watched folder, or run relight run.")
            return lines.joined(separator: "\n")
        }
        lines.append("")
        for state in ItemState.allCases {
            guard let count = summary.counts[state.rawValue], count > 0 else { continue }
            lines.append("  " + state.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0) + String(count))
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

    private func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value)
    }
}
