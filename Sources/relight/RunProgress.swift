import Foundation
import Relighting

/// What `relight run` shows as items finish: a redrawn progress bar on a terminal, one line per item otherwise.
/// Failures always get their own line with the reason.
actor RunProgress {
    private let isTerminal = isatty(STDOUT_FILENO) == 1
    private var drewBar = false

    func finished(_ item: BatchRun.Item, done: Int, total: Int) {
        let name = (item.source as NSString).lastPathComponent
        if let failure = item.failure {
            clearBar()
            printOut("[\(done)/\(total)] \(item.source) · \(item.profile) → skipped: \(failure)")
        } else if !isTerminal {
            let outputs = item.outputs.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")
            printOut("[\(done)/\(total)] \(item.source) · \(item.profile) → \(outputs)")
        }
        guard isTerminal else { return }
        let width = 24
        let filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        FileHandle.standardOutput.write(Data("\r\u{1B}[K\(bar) \(done)/\(total)  \(name) · \(item.profile)".utf8))
        drewBar = true
    }

    /// Ends the bar's line, so what follows starts on a fresh one.
    func finish() {
        if drewBar { FileHandle.standardOutput.write(Data("\n".utf8)) }
        drewBar = false
    }

    private func clearBar() {
        if drewBar { FileHandle.standardOutput.write(Data("\r\u{1B}[K".utf8)) }
    }
}
