#if canImport(Glibc)
import Glibc
#endif
import FolderWatch
import Foundation
import RelightConfig

/// CPU time of poll scans over a tree of files, next to `find -printf` doing the same stat work.
enum PollBench {
    static let files = 100_000

    static func run(directory: String) async {
        let tree = directory + "/files"
        makeTree(tree)
        let watcher = FolderWatcher(entries: [Bench.entry(tree, settle: .seconds(3600), mode: .poll, pollInterval: .seconds(1))],
                                    knownProfiles: nil, logger: Bench.logger(WarningCounter()))
        let cpu0 = Bench.cpuTime()
        let wall0 = ContinuousClock.now
        var events = watcher.start().makeAsyncIterator()
        while let event = await events.next() { if case .ready = event { break } }
        let firstScan = Bench.cpuTime() - cpu0
        let firstWall = wall0.duration(to: .now)
        // Three more scans at 1 s intervals; nothing else runs meanwhile.
        let cpu1 = Bench.cpuTime()
        try? await Task.sleep(for: .milliseconds(3500))
        let steady = (Bench.cpuTime() - cpu1) / 3
        watcher.stop()
        let findCPU = findTime(tree)
        say("poll mode on \(files) files")
        say("  first scan (start-up: every file new)  CPU \(Bench.seconds(firstScan)), wall \(Bench.seconds(firstWall))")
        say("  later scans (size+mtime compare)       CPU \(Bench.seconds(steady)) per scan")
        say("  find -printf '%s %T@' (same stat work) CPU \(Bench.seconds(findCPU))")
    }

    /// 100 folders of 1,000 tiny JPEG files.
    static func makeTree(_ tree: String) {
        var info = stat()
        if stat(tree, &info) == 0 { return }
        mkdir(tree, 0o755)
        for a in 0..<100 {
            mkdir("\(tree)/\(a)", 0o755)
            for b in 0..<1000 { Bench.write("\(tree)/\(a)/\(b).jpg") }
        }
    }

    static func findTime(_ tree: String) -> Duration {
        var before = rusage(), after = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &before)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/find")
        process.arguments = [tree, "-printf", "%s %T@\\n"]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        try? process.run()
        process.waitUntilExit()
        getrusage(RUSAGE_CHILDREN.rawValue, &after)
        let micros = (after.ru_utime.tv_sec - before.ru_utime.tv_sec + after.ru_stime.tv_sec - before.ru_stime.tv_sec) * 1_000_000
            + Int(after.ru_utime.tv_usec - before.ru_utime.tv_usec + after.ru_stime.tv_usec - before.ru_stime.tv_usec)
        return .microseconds(micros)
    }
}
