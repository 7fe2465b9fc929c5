import Foundation
import PixelDojo
import RelightConfig
import Synchronization
import Testing

/// The key holder that a 401 makes read `api_key_file` again.
@Suite struct APIKeyStoreTests {
    @Test func reloadTakesAFixedFileKeepsTheKeyWhileTheFileIsUnusableAndTellsObservers() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("relight-keystore-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/api-key"
        try CloudProviderTests.writeKey("pd_old_key\n", to: file)
        let keys = try APIKeyStore.load(PixelDojoSettings(apiKeyFile: file), environment: [:])
        let seen = Mutex<[String]>([])
        keys.onNewKey { key in seen.withLock { $0.append(key) } }
        #expect(keys.reload() == .unchanged)
        // Readable by others: refused, and the key in use stays.
        _ = FileManager.default.createFile(atPath: file, contents: Data("pd_new_key\n".utf8), attributes: [.posixPermissions: 0o644])
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        guard case .unusable(let problem) = keys.reload() else { Issue.record("a world-readable key file must be refused"); return }
        #expect(problem.contains("chmod 600"))
        #expect(keys.current.value == "pd_old_key")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        #expect(keys.reload() == .changed)
        #expect(keys.current.value == "pd_new_key")
        #expect(keys.reload() == .unchanged)
        #expect(seen.withLock { $0 } == ["pd_new_key"])
        #expect(keys.refusalAdvice.contains(file) && keys.refusalAdvice.contains("no restart needed"))
    }

    @Test func aKeyFromTheEnvironmentNeverChanges() throws {
        let keys = try APIKeyStore.load(PixelDojoSettings(apiKeyEnv: "TEST_KEY"), environment: ["TEST_KEY": "pd_env_key"])
        #expect(keys.reload() == .unchanged)
        #expect(keys.current.value == "pd_env_key")
        #expect(keys.refusalAdvice.contains("TEST_KEY") && keys.refusalAdvice.contains("systemctl restart relight"))
    }
}
