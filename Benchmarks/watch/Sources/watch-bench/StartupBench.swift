#if canImport(Glibc)
import Glibc
#endif
import FolderWatch
import Foundation

/// Time until every watch is in place on a tree of folders, and the memory it takes.
enum StartupBench {
    static let folders = 50_000

    static let rounds = 5

    static func run(directory: String) async {
        let tree = directory + "/tree"
        makeTree(tree)
        // Untimed: bring every folder's dentry and inode into the cache, so neither side pays for
        // the disk (inotifywait lstat()s every entry, FolderWatch reads d_type).
        warmCache(tree)
        var ours: [Duration] = [], peer: [Duration] = [], stops: [Duration] = []
        var ourRSS = 0, peerRSS = 0
        let baseline = inotifywaitBaselineRSS(directory + "/empty")
        for round in 0..<rounds {
            // Alternate which side goes first, so neither always runs right after the other's teardown.
            if round % 2 == 1 { peer.append(peerRound(tree, baseline: baseline, rss: &peerRSS)) }
            let (time, rss, stop) = await measureFolderWatch(tree)
            ours.append(time)
            stops.append(stop)
            // Later runs reuse memory the first one freed, so keep the largest growth.
            ourRSS = max(ourRSS, rss)
            if round % 2 == 0 { peer.append(peerRound(tree, baseline: baseline, rss: &peerRSS)) }
        }
        let ourMedian = ours.sorted()[rounds / 2], peerMedian = peer.sorted()[rounds / 2]
        say("start-up on \(folders) folders (median of \(rounds), warm cache, order alternating)")
        say("  FolderWatch  \(Bench.seconds(ourMedian))  (runs: \(ours.map(Bench.seconds).joined(separator: ", ")))  RSS +\(ourRSS) kB = \(ourRSS * 1024 / folders) B/watch")
        say("  inotifywait  \(Bench.seconds(peerMedian))  (runs: \(peer.map(Bench.seconds).joined(separator: ", ")))  RSS +\(peerRSS) kB over an idle inotifywait = \(peerRSS * 1024 / folders) B/watch")
        say("  ratio FolderWatch/inotifywait: \(String(format: "%.2f", ourMedian / peerMedian))  (FolderWatch stop(), removing every watch: \(stops.map(Bench.seconds).joined(separator: ", ")))")
    }

    static func peerRound(_ tree: String, baseline: Int, rss: inout Int) -> Duration {
        let (time, total) = measureInotifywait(tree)
        rss = max(rss, total - baseline)
        return time
    }

    static func warmCache(_ tree: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/du")
        process.arguments = ["-s", tree]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        try? process.run()
        while process.isRunning { usleep(10_000) }
    }

    /// 50 folders of 1,000 folders each, minus the ones above the limit.
    static func makeTree(_ tree: String) {
        var info = stat()
        if stat(tree, &info) == 0 { return }
        mkdir(tree, 0o755)
        var made = 1
        for a in 0..<50 {
            let top = "\(tree)/\(a)"
            mkdir(top, 0o755)
            made += 1
            for b in 0..<1000 where made < folders {
                mkdir("\(top)/\(b)", 0o755)
                made += 1
            }
        }
    }

    static func measureFolderWatch(_ tree: String) async -> (Duration, Int, Duration) {
        let before = Bench.rss()
        let start = ContinuousClock.now
        let watcher = FolderWatcher(entries: [Bench.entry(tree)], knownProfiles: nil, logger: Bench.logger(WarningCounter()))
        for await event in watcher.start() { if case .ready = event { break } }
        let elapsed = start.duration(to: .now)
        let grown = Bench.rss() - before
        let stopping = ContinuousClock.now
        watcher.stop()
        return (elapsed, grown, stopping.duration(to: .now))
    }

    static func measureInotifywait(_ tree: String) -> (Duration, Int) {
        let start = ContinuousClock.now
        guard let peer = try? Inotifywait(["-r", "-m", "-e", "close_write,moved_to,create", tree]) else { return (.zero, 0) }
        peer.waitEstablished()
        let elapsed = start.duration(to: .now)
        let rss = Bench.rss(pid: peer.pid)
        peer.stop()
        return (elapsed, rss)
    }

    static func inotifywaitBaselineRSS(_ folder: String) -> Int {
        mkdir(folder, 0o755)
        guard let peer = try? Inotifywait(["-m", folder]) else { return 0 }
        peer.waitEstablished()
        let rss = Bench.rss(pid: peer.pid)
        peer.stop()
        return rss
    }
}
