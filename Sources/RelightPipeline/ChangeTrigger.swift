import FolderWatch
import Logging

/// Calls its owner back when watched files may have changed: at once through inotify
/// (``DirectoryMonitor``) where it can, otherwise every `pollInterval`.
///
/// The callback only says "look again"; the owner compares what it cares about (stamps, the
/// journal's change counter), so a spurious call costs one cheap check.
final class ChangeTrigger: Sendable {
    private enum Mode: Sendable {
        case inotify(DirectoryMonitor)
        case polling(Task<Void, Never>)
    }

    let targets: [DirectoryMonitor.Target]
    private let mode: Mode

    /// - Parameters:
    ///   - what: what is watched, for the log line when it has to be polled.
    ///   - onChange: called on the monitor's thread (or a pool thread when polling): keep it short.
    init(
        _ targets: [DirectoryMonitor.Target], pollInterval: Duration, what: String, logger: Logger,
        onChange: @escaping @Sendable () -> Void
    ) {
        self.targets = targets
        switch DirectoryMonitor.start(targets, onChange: onChange) {
        case .success(let monitor):
            mode = .inotify(monitor)
        case .failure(let unavailable):
            logger.info("checking \(what) for changes every \(pollInterval) instead of being told of them", metadata: ["reason": "\(unavailable)"])
            mode = .polling(Task.detached {
                while (try? await Task.sleep(for: pollInterval)) != nil { onChange() }
            })
        }
    }

    var isPolling: Bool {
        if case .polling = mode { true } else { false }
    }

    func stop() {
        switch mode {
        case .inotify(let monitor): monitor.stop()
        case .polling(let task): task.cancel()
        }
    }
}
