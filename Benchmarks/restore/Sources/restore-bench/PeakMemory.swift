import Foundation

/// The process's peak resident memory (VmHWM), which Linux lets a process reset: so one phase of a
/// pipeline (the restore, after the upload's decode) can be measured on its own.
enum PeakMemory {
    /// Starts a new peak at the current resident size (`echo 5 > /proc/self/clear_refs`).
    static func reset() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    /// The peak since the last reset, in MB (0 if /proc cannot be read).
    static var megabytes: Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes / 1024
    }
}
