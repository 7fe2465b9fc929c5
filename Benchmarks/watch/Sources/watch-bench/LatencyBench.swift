#if canImport(Glibc)
import Glibc
#endif
import FolderWatch
import Foundation

/// close() → "complete" with settle 0, one file at a time, for FolderWatch and inotifywait.
///
/// FolderWatch watches recursively, so its watches carry IN_CREATE and IN_MOVED_* besides
/// IN_CLOSE_WRITE: every new file wakes it twice. `inotifywait -r -e close_write` asks the kernel
/// for exactly the same events (strace shows IN_CLOSE_WRITE|IN_MOVED_FROM|IN_MOVED_TO|IN_CREATE),
/// so it is the like-for-like peer; plain `inotifywait -e close_write`, one event per file and no
/// recursion, is reported too.
enum LatencyBench {
    static func run(directory: String, files: Int) async {
        let ours = await measureFolderWatch(directory + "/fw", files: files)
        let recursive = measureInotifywait(directory + "/iwr", files: files, recursive: true)
        let flat = measureInotifywait(directory + "/iw", files: files, recursive: false)
        let ourP99 = Bench.percentile(ours, 0.99)
        say("latency close()→complete, settle 0, \(files) files")
        say("  FolderWatch        \(summary(ours))")
        say("  inotifywait -r     \(summary(recursive))")
        say("  inotifywait (flat) \(summary(flat))")
        say("  p99 ratio FolderWatch/inotifywait -r: \(String(format: "%.2f", ourP99 / Bench.percentile(recursive, 0.99)))"
            + "   FolderWatch/inotifywait flat: \(String(format: "%.2f", ourP99 / Bench.percentile(flat, 0.99)))")
    }

    static func summary(_ samples: [Duration]) -> String {
        "p50 \(Bench.ms(Bench.percentile(samples, 0.5)))  p90 \(Bench.ms(Bench.percentile(samples, 0.9)))  "
            + "p99 \(Bench.ms(Bench.percentile(samples, 0.99)))  max \(Bench.ms(samples.max()!))"
    }

    /// The consumer iterates the events the way the daemon's WatcherService does: under a task
    /// executor preference for the inotify thread. The writer is another thread, as a
    /// photographer's copy is another process; each sample runs from the writer's close()
    /// returning to the consumer holding the event.
    static func measureFolderWatch(_ folder: String, files: Int) async -> [Duration] {
        mkdir(folder, 0o755)
        let watcher = FolderWatcher(entries: [Bench.entry(folder)], knownProfiles: nil, logger: Bench.logger(WarningCounter()))
        let stream = watcher.start()
        let ready = DispatchSemaphore(value: 0)
        let received = DispatchSemaphore(value: 0)
        let consumer = Task(executorPreference: FolderWatch.eventExecutor) { () -> [ContinuousClock.Instant] in
            var times: [ContinuousClock.Instant] = []
            for await event in stream {
                switch event {
                case .ready:
                    ready.signal()
                case .complete(let file):
                    let now = ContinuousClock.now
                    let expected = times.isEmpty ? "/warmup.jpg" : "/\(times.count - 1).jpg"
                    precondition(file.path.description.hasSuffix(expected), "out of order: \(file.path), expected \(expected)")
                    times.append(now)
                    received.signal()
                    if times.count == files + 1 { return times }
                default:
                    break
                }
            }
            return times
        }
        let closed: [ContinuousClock.Instant] = await withCheckedContinuation { done in
            DispatchQueue.global().async {
                ready.wait()
                Bench.write("\(folder)/warmup.jpg")
                received.wait()
                var closed: [ContinuousClock.Instant] = []
                for i in 0..<files {
                    Bench.write("\(folder)/\(i).jpg")
                    closed.append(.now)
                    received.wait()
                }
                done.resume(returning: closed)
            }
        }
        let times = await consumer.value
        watcher.stop()
        return zip(closed, times.dropFirst()).map { $0.duration(to: $1) }
    }

    static func measureInotifywait(_ folder: String, files: Int, recursive: Bool) -> [Duration] {
        mkdir(folder, 0o755)
        let arguments = (recursive ? ["-r"] : []) + ["-m", "-e", "close_write", "--format", "%w%f", folder]
        guard let peer = try? Inotifywait(arguments) else { return [.zero] }
        peer.waitEstablished()
        Bench.write("\(folder)/warmup.jpg")
        _ = peer.nextLine()
        var samples: [Duration] = []
        for i in 0..<files {
            Bench.write("\(folder)/\(i).jpg")
            let closed = ContinuousClock.now
            let line = peer.nextLine() ?? ""
            precondition(line.hasSuffix("/\(i).jpg"), "out of order: \(line) for \(i)")
            samples.append(closed.duration(to: .now))
        }
        peer.stop()
        return samples
    }
}
