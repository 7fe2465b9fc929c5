#if canImport(Glibc)
import Glibc
#endif
import FolderWatch
import Foundation
import Logging
import RelightConfig
import Synchronization

enum Bench {
    static func entry(_ path: String, settle: Duration = .zero, mode: WatchMode = .inotify, pollInterval: Duration = .seconds(3600)) -> WatchEntry {
        WatchEntry(path: path, profiles: .list(["bench"]), output: "/nonexistent-bench-output/{profile}", mode: mode,
                   pollInterval: pollInterval, settle: settle, location: SourceLocation(file: "bench"))
    }

    static func logger(_ counter: WarningCounter) -> Logger {
        var logger = Logger(label: "bench") { _ in counter }
        logger.logLevel = .warning
        return logger
    }

    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + [UInt8](repeating: 0x42, count: 60)

    /// open/write/close, the way a copy tool finishes a file.
    static func write(_ path: String, _ bytes: [UInt8] = jpeg) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        precondition(fd >= 0, "open \(path): \(errno)")
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, bytes.count) }
        close(fd)
    }

    static func percentile(_ values: [Duration], _ p: Double) -> Duration {
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
    }

    static func ms(_ d: Duration) -> String {
        let value = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
        return String(format: "%.3f ms", value)
    }

    static func seconds(_ d: Duration) -> String {
        String(format: "%.3f s", Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
    }

    /// VmRSS of a process, in kB.
    static func rss(pid: String = "self") -> Int {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        }
        return 0
    }

    /// User + system CPU time of this process.
    static func cpuTime() -> Duration {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let micros = (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1_000_000 + Int(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)
        return .microseconds(micros)
    }
}

/// Counts the watcher's warnings (an overflow, a fallback).
final class WarningCounter: LogHandler, Sendable {
    let lines = Mutex<[String]>([])
    var metadata: Logger.Metadata { get { [:] } set {} }
    var logLevel: Logger.Level { get { .warning } set {} }
    subscript(metadataKey key: String) -> Logger.Metadata.Value? { get { nil } set {} }
    func log(event: LogEvent) { lines.withLock { $0.append("\(event.message)") } }
    func count(_ text: String) -> Int { lines.withLock { $0.filter { $0.contains(text) }.count } }
}

/// inotifywait as a child process; its standard output read line by line.
///
/// inotifywait prints with stdio and never flushes, so on a pipe its lines would sit in a 4 KB
/// buffer; it runs under `stdbuf -oL` (line-buffered), as any pipeline reading it must.
final class Inotifywait {
    let process = Process()
    private let out = Pipe()
    private let err = Pipe()
    private var buffer: [UInt8] = []
    /// Read into a buffer allocated once: a fresh 64 KB array per read would put an allocation
    /// and a memset between close() and read() on inotifywait's side only.
    private var chunk = [UInt8](repeating: 0, count: 65536)

    init(_ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/stdbuf")
        process.arguments = ["-oL", "/usr/bin/inotifywait"] + arguments
        process.standardOutput = out
        process.standardError = err
        try process.run()
    }

    /// Blocks until inotifywait says its watches are in place.
    func waitEstablished() {
        var text = ""
        let fd = err.fileHandleForReading.fileDescriptor
        var byte: UInt8 = 0
        while !text.contains("Watches established") {
            guard read(fd, &byte, 1) == 1 else { return }
            text.append(Character(UnicodeScalar(byte)))
        }
    }

    /// The next line of output (blocking), or nil at the end.
    func nextLine() -> String? {
        let fd = out.fileHandleForReading.fileDescriptor
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeFirst(newline + 1)
                return line
            }
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { return nil }
            buffer.append(contentsOf: chunk[..<n])
        }
    }

    /// Whether a line is ready within `timeout` (so a count can stop when events stop coming).
    func hasLine(within timeout: Int32) -> Bool {
        if buffer.contains(0x0A) { return true }
        var fds = [pollfd(fd: out.fileHandleForReading.fileDescriptor, events: Int16(POLLIN), revents: 0)]
        return poll(&fds, 1, timeout) > 0
    }

    var pid: String { String(process.processIdentifier) }

    /// SIGKILL, then wait until the process has exited (a zombie or reaped), so the kernel has
    /// torn down its watches before the next measurement. Foundation's waitUntilExit needs a run
    /// loop the async main does not spin, so /proc is polled instead.
    func stop() {
        let pid = process.processIdentifier
        kill(pid, SIGKILL)
        let deadline = ContinuousClock.now.advanced(by: .seconds(10))
        while ContinuousClock.now < deadline {
            guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                  !status.contains("State:\tZ") else { break }
            usleep(2_000)
        }
        usleep(20_000)
    }
}

/// Prints a line at once, even when standard output is a pipe.
func say(_ line: String) {
    print(line)
    fflush(nil)
}
