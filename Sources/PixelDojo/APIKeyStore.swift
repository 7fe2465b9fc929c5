import Foundation
import RelightConfig
import Synchronization

/// The API key in use, shared by every call of one client, and where it came from.
///
/// After a 401 the provider holds submission and calls ``reload()`` before each probe: a key read
/// from `pixeldojo.api_key_file` is read again, so fixing the file resumes work without a restart.
/// A key from an environment variable cannot change under a running process.
public final class APIKeyStore: Sendable {
    /// Where the key comes from, which decides what an operator must do about a refused key.
    public enum Source: Sendable, Hashable {
        /// `pixeldojo.api_key_file`: read again before each probe after a 401.
        case file(String)
        /// `pixeldojo.api_key_env`: fixed for the life of the process.
        case environment(String)
        /// Given by the caller (tests, benchmarks).
        case fixed
    }

    /// What ``reload()`` found.
    public enum Reload: Sendable, Equatable {
        case unchanged
        /// The file holds a different key, now in use.
        case changed
        /// The file cannot be used now (missing, empty, readable by others); the key in use is kept.
        case unusable(String)
    }

    private struct State {
        var current: APIKey
        /// Every key this process has held, so all of them stay masked in messages.
        var seen: [String]
    }

    public let source: Source
    private let state: Mutex<State>
    private let observers = Mutex<[@Sendable (String) -> Void]>([])

    public init(_ key: APIKey, source: Source = .fixed) {
        self.source = source
        self.state = Mutex(State(current: key, seen: [key.value]))
    }

    /// The key the settings point to, remembering where it came from.
    public static func load(_ settings: PixelDojoSettings, environment: [String: String]) throws(PixelDojoError) -> APIKeyStore {
        let key = try APIKey.load(settings, environment: environment)
        return APIKeyStore(key, source: settings.apiKeyFile.map { .file($0) } ?? .environment(settings.apiKeyEnv))
    }

    public var current: APIKey { state.withLock { $0.current } }

    /// Every key held so far, for redaction.
    var knownValues: [String] { state.withLock { $0.seen } }

    /// Reads the key file again (a no-op for other sources).
    public func reload() -> Reload {
        guard case .file(let file) = source else { return .unchanged }
        let key: APIKey
        do { key = try APIKey.read(file: file) } catch { return .unusable(error.message) }
        let outcome: Reload = state.withLock { state in
            guard state.current != key else { return .unchanged }
            state.current = key
            if !state.seen.contains(key.value) { state.seen.append(key.value) }
            return .changed
        }
        if outcome == .changed {
            for observer in observers.withLock({ $0 }) { observer(key.value) }
        }
        return outcome
    }

    /// Calls `observer` with every new key ``reload()`` puts in use, e.g. to mask it in logs too.
    public func onNewKey(_ observer: @escaping @Sendable (String) -> Void) {
        observers.withLock { $0.append(observer) }
    }

    /// What to do about a refused key, for the 401 message, the status page and `/healthz`.
    public var refusalAdvice: String {
        switch source {
        case .file(let file):
            "put the right key in \(file) (pixeldojo.api_key_file, mode 0600): relight reads it again before each new try and resumes by itself, no restart needed"
        case .environment(let variable):
            "the key comes from the environment variable \(variable), which cannot change under a running process: fix the key and restart relight (systemctl restart relight)"
        case .fixed:
            "fix the key given to relight and restart it"
        }
    }
}
