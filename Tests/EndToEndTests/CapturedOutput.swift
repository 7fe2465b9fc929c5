import Foundation
import Synchronization

/// Everything a child process writes to standard output and standard error, in one string.
final class CapturedOutput: Sendable {
    private let text = Mutex("")

    /// Points `process`'s standard output and error at this capture; call before `run()`.
    init(_ process: Process) {
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.text.withLock { $0 += String(decoding: data, as: UTF8.self) }
        }
    }

    var value: String { text.withLock { $0 } }
}
