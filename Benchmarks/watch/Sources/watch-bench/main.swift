// watch-bench: times FolderWatch against inotifywait. Run through Benchmarks/watch/run.sh.
//
//   watch-bench latency DIR [FILES]     close() → complete, settle 0, one file at a time
//   watch-bench startup DIR             DIR holds a prepared tree of folders; time to every watch in place
//   watch-bench burst DIR [FILES]       FILES files written as fast as possible; time to the last report
//   watch-bench poll DIR                DIR holds a prepared tree of files; CPU time of one poll scan
#if canImport(Glibc)
import Glibc
#endif
import FolderWatch

// Before anything else opens descriptors, as the CLI does.
FolderWatch.initializeInotify()

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    say("usage: watch-bench latency|startup|burst|poll DIR [COUNT]")
    exit(64)
}
let directory = arguments[2]
let count = arguments.count > 3 ? Int(arguments[3]) ?? 0 : 0
switch arguments[1] {
case "latency": await LatencyBench.run(directory: directory, files: count > 0 ? count : 1000)
case "startup": await StartupBench.run(directory: directory)
case "burst": await BurstBench.run(directory: directory, files: count > 0 ? count : 20_000)
case "poll": await PollBench.run(directory: directory)
default:
    say("unknown benchmark \(arguments[1])")
    exit(64)
}
