import Foundation
import RelightConfig

/// `relight run`'s progress: a bar that redraws itself on a terminal, one line per item otherwise.
struct RunProgress {
    let total: Int
    private(set) var finished = 0
    private(set) var failed = 0
    private(set) var written = 0
    /// Outputs of earlier relights of the same content and profile, found or copied into the folder.
    private(set) var reused = 0
    private let interactive = isatty(STDOUT_FILENO) == 1

    init(total: Int) {
        self.total = total
    }

    mutating func finish(_ file: String, _ profile: String, failure: String?, outputs: [String], alreadyDone: Bool = false) {
        finished += 1
        if alreadyDone { reused += outputs.count } else { written += outputs.count }
        if failure != nil { failed += 1 }
        let names = outputs.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")
        let status = failure.map { "skipped: \($0)" } ?? (alreadyDone ? "already relit: \(names)" : names)
        let line = "[\(finished)/\(total)] \(PathBytes.display(file)) · \(profile) → \(PathBytes.display(status))"
        if interactive {
            // Clear the bar, print the line above it, then draw the bar again.
            printRaw("\r\u{1B}[2K\(line)\n\(bar)")
        } else {
            printOut(line)
        }
    }

    private var bar: String {
        let width = 30
        let filled = total == 0 ? width : width * finished / total
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] \(finished)/\(total)"
    }

    func summary(outputFolder: String) {
        if interactive { printRaw("\r\u{1B}[2K") }
        let images = "\(written) image\(written == 1 ? "" : "s") written"
        let place = reused > 0 ? "\(images) and \(reused) reused from earlier relights (nothing charged) in" : "\(images) to"
        printOut("\(place) \(outputFolder)/; \(failed) of \(total) item\(total == 1 ? "" : "s") failed.")
    }
}
