import Crypto
import Foundation

/// This host's name in a shared journal.
public enum HostIdentity {
    /// The machine's host name.
    public static var machine: String { ProcessInfo.processInfo.hostName }

    /// `host_id` when set; otherwise the machine's name and a short hash of `state_dir`, so two
    /// daemons on one machine (each with its own state folder) are two hosts, and a restarted
    /// daemon is the same host again and takes back its own leases at once.
    public static func make(configured: String?, stateDirectory: String) -> String {
        if let configured { return configured }
        let digest = SHA256.hash(data: Data(stateDirectory.utf8)).prefix(3).map { String(format: "%02x", $0) }.joined()
        return "\(machine)-\(digest)"
    }
}
