import Dispatch

/// Runs blocking file work (hashing, stat, copies) on a private queue, off Swift's cooperative pool.
public enum BlockingIO {
    private static let queue = DispatchQueue(label: "relight.blocking-io", qos: .utility, attributes: .concurrent)

    public static func run<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
