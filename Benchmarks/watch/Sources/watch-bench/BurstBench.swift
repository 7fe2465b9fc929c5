#if canImport(Glibc)
import Glibc
#endif
import FolderWatch
import Foundation
import Synchronization

/// Files written as fast as one thread can: time until the last is reported, and the count.
enum BurstBench {
    static func run(directory: String, files: Int) async {
        let counter = WarningCounter()
        let (ourTime, ourCount) = await measureFolderWatch(directory + "/fw", files: files, counter: counter)
        let (peerTime, peerCount) = measureInotifywait(directory + "/iw", files: files)
        say("burst of \(files) files (one writer thread, open/write/close each)")
        say("  FolderWatch  last report after \(Bench.seconds(ourTime)), reported \(ourCount) (exactly \(files): \(ourCount == files)); overflows seen: \(counter.count("overflowed"))")
        say("  inotifywait  last line after \(Bench.seconds(peerTime)), printed \(peerCount) close_write lines")
    }

    static func writeAll(_ folder: String, files: Int) {
        for i in 0..<files { Bench.write("\(folder)/\(i).jpg") }
    }

    static func measureFolderWatch(_ folder: String, files: Int, counter: WarningCounter) async -> (Duration, Int) {
        mkdir(folder, 0o755)
        let watcher = FolderWatcher(entries: [Bench.entry(folder)], knownProfiles: nil, logger: Bench.logger(counter))
        var events = watcher.start().makeAsyncIterator()
        while let event = await events.next() { if case .ready = event { break } }
        let start = ContinuousClock.now
        let writer = Thread { writeAll(folder, files: files) }
        writer.start()
        var seen = Set<String>()
        var last = start
        // Stop at the count, or when nothing more arrives for 5 s.
        let silence = Task { [watcher] in
            var previous = -1
            while true {
                try? await Task.sleep(for: .seconds(5))
                let now = seenCount.withLock { $0 }
                if now == previous { watcher.stop(); return }
                previous = now
            }
        }
        while let event = await events.next() {
            if case .complete(let file) = event {
                seen.insert(file.path.description)
                last = .now
                seenCount.withLock { $0 = seen.count }
                if seen.count == files { break }
            }
        }
        silence.cancel()
        watcher.stop()
        return (start.duration(to: last), seen.count)
    }

    static func measureInotifywait(_ folder: String, files: Int) -> (Duration, Int) {
        mkdir(folder, 0o755)
        guard let peer = try? Inotifywait(["-m", "-e", "close_write", "--format", "%w%f", folder]) else { return (.zero, 0) }
        peer.waitEstablished()
        let start = ContinuousClock.now
        let writer = Thread { writeAll(folder, files: files) }
        writer.start()
        var count = 0
        var last = start
        while count < files, peer.hasLine(within: 5000), peer.nextLine() != nil {
            count += 1
            last = .now
        }
        peer.stop()
        return (start.duration(to: last), count)
    }
}

/// How many files the consumer has seen, for the silence watchdog.
let seenCount = Mutex(0)
