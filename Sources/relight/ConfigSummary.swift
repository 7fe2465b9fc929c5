import Foundation
import RelightConfig

/// The human summary `relight validate` prints: watched folders → profiles → outputs, provider, upload.
struct ConfigSummary {
    let loaded: LoadedConfiguration

    init(_ loaded: LoadedConfiguration) {
        self.loaded = loaded
    }

    var text: String {
        let config = loaded.configuration
        var lines = ["\(config.file) is valid.", ""]
        lines.append(field("Provider", provider))
        lines.append(field("Upload", upload))
        lines.append(field("Profiles", "\(loaded.profiles.profiles.count) in \(loaded.profiles.directory)"))
        lines.append(field("State", config.stateDirectory))
        lines.append(field("Journal", journal))
        lines.append(field("Budget", config.budget.isUnlimited ? "unlimited" : "\(format(config.budget.creditsPerDay)) credits a day"))
        lines.append(field("Status", config.status.listen.map { "http://\($0) (dashboard, /metrics, /healthz)" } ?? "off"))
        lines.append("")
        if config.watch.isEmpty {
            lines.append("No watched folders: add a 'watch:' entry to have photos relit as they arrive.")
        } else {
            lines.append("Watched folders:")
            for entry in config.watch { lines += describe(entry) }
        }
        if !loaded.notes.isEmpty {
            lines.append("")
            lines.append("Notes:")
            lines += loaded.notes.map { "  \($0)" }
        }
        return lines.joined(separator: "\n")
    }

    private func field(_ name: String, _ value: String) -> String {
        (name + ":").padding(toLength: 10, withPad: " ", startingAt: 0) + value
    }

    /// `sqlite (…/journal.sqlite)` or the shared PostgreSQL, its host name and lease.
    private var journal: String {
        let settings = loaded.configuration.journal
        guard settings.isShared else { return "sqlite (\(loaded.configuration.stateDirectory)/journal.sqlite)" }
        let password = settings.passwordEnv.map { "password from $\($0)" } ?? "password from ~/.pgpass, if any"
        return "\(settings.backendName), shared; \(password); lease_timeout \(DurationFormat.format(settings.leaseTimeout))"
    }

    private var provider: String {
        let config = loaded.configuration
        switch config.provider {
        case .local:
            return "local (the embedded engine on this machine's CPU\(config.providerIsExplicit ? "" : "; no API key found"))"
        case .pixeldojo:
            let key = config.pixeldojo.apiKeyFile.map { "key from \($0)" } ?? "key from $\(config.pixeldojo.apiKeyEnv)"
            return "pixeldojo (\(config.pixeldojo.baseURL), \(key), at most \(config.pixeldojo.maxInFlight) jobs in flight, \(config.pixeldojo.requestsPerMinute) requests a minute)"
        }
    }

    private var upload: String {
        switch loaded.configuration.upload {
        case nil:
            return loaded.configuration.provider == .local ? "none (the local engine reads files directly)" : "none"
        case .s3(let s3):
            let cleanup = s3.deleteAfter ? "deleted after each job" : "kept after each job"
            return "presigned S3 PUT to \(s3.bucket)/\(s3.prefix) at \(s3.endpoint) (\(s3.addressing.rawValue) addressing, URLs valid \(DurationFormat.format(s3.expires)), \(cleanup))"
        case .presignService(let service):
            return "presign service \(service.url) (token from $\(service.tokenEnv))"
        }
    }

    private func describe(_ entry: WatchEntry) -> [String] {
        let config = loaded.configuration
        var lines = ["  \(entry.path)/  (\(entry.mode.rawValue)\(entry.recursive ? ", recursive" : ""), settle \(DurationFormat.format(entry.settle)))"]
        switch entry.profiles {
        case .bySubfolder:
            let names = loaded.profiles.names
            lines.append("    → profiles by subfolder: \(names.map { "\($0)/" }.joined(separator: " "))")
        case .list(let names):
            lines.append("    → profiles: \(names.joined(separator: ", "))")
        }
        lines.append("    → outputs: \(entry.output)/\(entry.naming)\(entry.sidecar ? " + sidecar JSON" : "")")
        lines.append("    → delivers: \(deliver(for: entry))")
        switch entry.after {
        case .keep: lines.append("    → then: keep the source")
        case .delete: lines.append("    → then: delete the source")
        case .move(let folder): lines.append("    → then: move the source to \(folder)")
        }
        if !entry.include.isEmpty { lines.append("    include: \(entry.include.joined(separator: " "))") }
        if !entry.exclude.isEmpty { lines.append("    exclude: \(entry.exclude.joined(separator: " "))") }
        for folder in config.ignoredFolders(for: entry) {
            lines.append("    ignored (relight writes there): \(folder)")
        }
        return lines
    }

    /// What the entry's outputs are (`deliver` of its profiles), as the provider will really make them.
    private func deliver(for entry: WatchEntry) -> String {
        let names: [String] = switch entry.profiles {
        case .bySubfolder: loaded.profiles.names
        case .list(let names): names
        }
        let modes = Set(names.compactMap { loaded.profiles.profile(named: $0)?.deliver })
        if modes == [.generated] { return "the provider's crop and size (deliver: generated)" }
        let generated = names.filter { loaded.profiles.profile(named: $0)?.deliver == .generated }
        let except = generated.isEmpty ? "" : ", except \(generated.joined(separator: ", ")) (deliver: generated: the provider's crop and size)"
        if loaded.configuration.provider == .pixeldojo {
            return "the full frame at each photo's own size (deliver: source)\(except): the API relights a small proxy, and its light is restored onto the original"
        }
        return "the full frame at each photo's own size (deliver: source)\(except)"
    }

    private func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
