#if canImport(Glibc)
import Glibc
#endif

/// Memory hints for multi-megabyte pixel buffers.
enum LargeBuffer {
    /// Asks Linux to back the untouched buffer with transparent huge pages where it can: a 24 MP
    /// image then takes dozens of page faults instead of tens of thousands. Only a hint; harmless if refused.
    static func preferHugePages(_ buffer: UnsafeMutableRawBufferPointer) {
        #if os(Linux)
        let hugePage = 2 * 1024 * 1024
        guard buffer.count >= 2 * hugePage, let base = buffer.baseAddress else { return }
        let start = (Int(bitPattern: base) + hugePage - 1) / hugePage * hugePage
        let end = (Int(bitPattern: base) + buffer.count) / hugePage * hugePage
        guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(aligned, end - start, MADV_HUGEPAGE)
        #endif
    }
}
