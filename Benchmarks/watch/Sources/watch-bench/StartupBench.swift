#if canImport(Glibc)
import Glibc
#endif
import FolderWatch
import Foundation

/// Time until every watch is in place on a tree of folders, and the memory it takes.
enum StartupBench {
    static let folders = 50_000

    static func run(directory: String) async {
        let tree = directory + "/tree"
        makeTree(tree)
        var ours: [Duration] = [], peer: [Duration] = []
        var ourRSS = 0, peerRSS = 0
        let baseline = inotifywaitBaselineRSS(directory + "/empty")
        for _ in 0..<3 {
            let (time, rss) = await measureFolderWatch(tree)
            ours.append(time)
            // Later runs reuse memory the first one freed, so keep the largest growth.
            ourRSS = max(ourRSS, rss)
            let (peerTime, peerTotal) = measureInotifywait(tree)
            peer.append(peerTime)
            peerRSS = peerTotal - baseline
        }
        let ourMedian = ours.sorted()[1], peerMedian = peer.sorted()[1]
        say("start-up on \(folders) folders (median of 3, warm cache)")
        say("  FolderWatch  \(Bench.seconds(ourMedian))  (runs: \(ours.map(Bench.seconds).joined(separator: ", ")))  RSS +\(ourRSS) kB = \(ourRSS * 1024 / folders) B/watch")
        say("  inotifywait  \(Bench.seconds(peerMedian))  (runs: \(peer.map(Bench.seconds).joined(separator: ", ")))  RSS +\(peerRSS) kB over an idle inotifywait = \(peerRSS * 1024 / folders) B/watch")
        say("  ratio FolderWatch/inotifywait: \(String(format: "%.2f", ourMedian / peerMedian))")
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

    static func measureFolderWatch(_ tree: String) async -> (Duration, Int) {
        let before = Bench.rss()
        let start = ContinuousClock.now
        let watcher = FolderWatcher(entries: [Bench.entry(tree)], knownProfiles: nil, logger: Bench.logger(WarningCounter()))
        for await event in watcher.start() { if case .ready = event { break } }
        let elapsed = start.duration(to: .now)
        let grown = Bench.rss() - before
        watcher.stop()
        return (elapsed, grown)
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
