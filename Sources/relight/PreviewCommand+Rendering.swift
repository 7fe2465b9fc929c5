import ArgumentParser
import Foundation
import ImageCodecs
import ImagePixels
import Logging
import PixelDojo
import RelightConfig
import Relighting
import RelightPipeline

extension PreviewCommand {
    /// Every photo's row: the source, then each profile's look from the local engine. Photos are
    /// rendered side by side, one per core, off the cooperative pool.
    static func renderLocally(_ paths: [String], profiles: [LightingProfile], renderer: PreviewRenderer) async throws -> [[PreviewCell]] {
        let width = max(1, ProcessInfo.processInfo.activeProcessorCount)
        return try await forEachPhoto(paths, concurrency: width) { path in
            try await BlockingIO.run { () -> [PreviewCell] in
                let source: PixelBuffer
                do {
                    source = try renderer.source(from: try PathBytes(path).contents())
                } catch {
                    return Array(repeating: .failed(Self.reason(error)), count: profiles.count + 1)
                }
                return [.image(source)] + profiles.map { .image(renderer.render(source, profile: $0)) }
            }
        }
    }

    /// The same sheet from the cloud: each photo × profile is a real job (its first image is shown).
    static func renderInCloud(
        _ paths: [String], profiles: [LightingProfile], provider: CloudProvider, maxInFlight: Int, renderer: PreviewRenderer
    ) async throws -> [[PreviewCell]] {
        printError("Rendering \(paths.count * profiles.count) preview\(paths.count * profiles.count == 1 ? "" : "s") with the cloud…")
        let rows = try await forEachPhoto(paths, concurrency: max(1, maxInFlight)) { path -> [PreviewCell] in
            let source: PreviewCell
            do {
                source = .image(try await BlockingIO.run { try renderer.source(from: try PathBytes(path).contents()) })
            } catch {
                return Array(repeating: .failed(Self.reason(error)), count: profiles.count + 1)
            }
            var row = [source]
            for profile in profiles {
                do {
                    let result = try await provider.relight(RelightRequest(sourcePath: path, profile: profile))
                    guard let first = result.images.first else { row.append(.failed("the cloud returned no image")); continue }
                    let bytes = [UInt8](first.data)
                    row.append(.image(try await BlockingIO.run { try ContactSheet.fit(renderer.source(from: bytes), within: renderer.size) }))
                } catch {
                    row.append(.failed(Self.reason(error)))
                }
            }
            return row
        }
        try? await provider.shutdown()
        return rows
    }

    /// Fails with exit 78 unless the cloud can be used: an API key and an `upload:` section.
    static func checkCloudSettings(_ configuration: RelightConfiguration) throws {
        do {
            _ = try APIKey.load(configuration.pixeldojo, environment: ProcessInfo.processInfo.environment)
        } catch {
            printError("error: \(error)")
            throw ExitStatus.config
        }
        guard configuration.upload != nil else {
            printError("error: --provider pixeldojo needs an upload: section (s3: or presign_service:) in \(configuration.file), so the API can fetch each photo by URL.")
            throw ExitStatus.config
        }
    }

    /// The cloud provider for `configuration`; a missing key or upload section is a configuration error (78).
    static func cloudProvider(_ configuration: RelightConfiguration) throws -> CloudProvider {
        do {
            return try CloudProvider.make(
                configuration, environment: ProcessInfo.processInfo.environment, logger: makeLogger("relight.preview", level: .error))
        } catch {
            printError("error: \(error)")
            throw ExitStatus.config
        }
    }

    /// Prints what the cloud preview costs and asks; without a terminal it needs --yes.
    func confirmSpending(photos: Int, profiles: [LightingProfile]) throws {
        let total = profiles.reduce(0.0) { $0 + CreditEstimate.credits(photos: photos, profile: $1, provider: .pixeldojo) }
        printOut("This preview submits \(photos * profiles.count) cloud job\(photos * profiles.count == 1 ? "" : "s"): about \(CreditEstimate.format(total)) credits.")
        for profile in profiles {
            printOut("  \(profile.name): \(CreditEstimate.describe(photos: photos, profile: profile, provider: .pixeldojo))")
        }
        guard !yes else { return }
        guard isatty(STDIN_FILENO) == 1 else {
            printError("error: relight preview --provider pixeldojo spends credits and asks first; run it on a terminal, add --yes to confirm, or leave out --provider to preview with the local engine for free.")
            throw ExitStatus.usage
        }
        FileHandle.standardOutput.write(Data("Spend them? [y/N] ".utf8))
        let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        guard answer == "y" || answer == "yes" else {
            printOut("Nothing submitted.")
            throw ExitCode.success
        }
    }

    /// Runs `work` for every photo, at most `concurrency` at once, and returns the rows in order.
    private static func forEachPhoto(
        _ paths: [String], concurrency: Int, _ work: @escaping @Sendable (String) async throws -> [PreviewCell]
    ) async throws -> [[PreviewCell]] {
        try await withThrowingTaskGroup(of: (Int, [PreviewCell]).self) { group in
            var rows = [[PreviewCell]](repeating: [], count: paths.count)
            var next = 0
            for _ in 0..<min(concurrency, paths.count) {
                let index = next
                group.addTask { (index, try await work(paths[index])) }
                next += 1
            }
            while let (index, row) = try await group.next() {
                rows[index] = row
                if next < paths.count {
                    let index = next
                    group.addTask { (index, try await work(paths[index])) }
                    next += 1
                }
            }
            return rows
        }
    }

    private static func reason(_ error: any Error) -> String {
        if let codec = error as? ImageCodecError { return codec.message }
        if let file = error as? PathBytes.FileError { return "cannot be read (\(String(cString: strerror(file.errno))))" }
        return "\(error)"
    }
}
