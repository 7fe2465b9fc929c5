import Foundation
import ImageCodecs
import Logging
import PixelDojo
import RelightConfig
import Relighting
import RelightPipeline

/// The provider a command relights with, made the same way for `relight watch` and `relight run`.
enum ProviderSetup {
    /// The local engine, or the cloud client with its key, uploader and kept downloads. A missing key
    /// or upload section is a configuration error (exit 78), reported here.
    static func make(_ configuration: RelightConfiguration, kind: ProviderKind, logger: Logger) throws -> any RelightProvider {
        switch kind {
        case .local:
            return LocalProvider(decodeOptions: DecodeOptions(configuration))
        case .pixeldojo:
            do {
                let environment = ProcessInfo.processInfo.environment
                var provider = try CloudProvider.make(configuration, environment: environment, logger: logger)
                // Downloaded results wait here until their outputs are written: a kill before that restores from them.
                provider.keptDownloads = KeptDownloads(folder: (configuration.stateDirectory as NSString).appendingPathComponent("downloads"))
                provider.holdBeforeRestore = environment["RELIGHT_TEST_HOLD_BEFORE_RESTORE"]
                return provider
            } catch {
                printError("error: \(error)")
                throw ExitStatus.config
            }
        }
    }

    /// How many items run at once: a thread per core for the engine, `max_in_flight` for the cloud.
    static func concurrency(_ configuration: RelightConfiguration, kind: ProviderKind) -> Int {
        kind == .local ? ProcessInfo.processInfo.activeProcessorCount : configuration.pixeldojo.maxInFlight
    }

    /// The environment variables whose values are secrets, masked wherever an error is recorded.
    static func secretVariables(_ config: RelightConfiguration) -> [String] {
        var names = [config.pixeldojo.apiKeyEnv, config.status.tokenEnv]
        switch config.upload {
        case .s3(let s3): names += [s3.accessKeyEnv, s3.secretKeyEnv]
        case .presignService(let service): names.append(service.tokenEnv)
        case nil: break
        }
        return names
    }
}
