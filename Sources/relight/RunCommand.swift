import ArgumentParser
import Foundation
import ImageCodecs
import Logging
import RelightConfig
import Relighting
import RelightPipeline

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Relights the given files once, with the given profiles.",
        discussion: """
            Folders expand to the images directly inside them that relight reads (JPEG, PNG, WebP, TIFF, HEIC, camera RAW; recognised by content). \
            Outputs are named {stem}_{profile}_{index}.{ext}. The work goes through the same journal as the \
            daemon, so a photo already relit with a profile is not relit (or charged) again: its earlier \
            outputs are copied to the output folder when they are intact (--force relights regardless). \
            It relights with the config's provider (the local engine without a config); --provider picks one. \
            Exits 0 only if every item succeeded, 1 otherwise.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("Image files or folders of images.", valueName: "path"))
    var paths: [String]

    @Option(name: .customLong("profile"), help: ArgumentHelp("A profile to apply; repeat for several.", valueName: "name"))
    var profileNames: [String] = []

    @Option(name: .customLong("out"), help: ArgumentHelp("The output folder.", valueName: "dir"))
    var outputDirectory: String = "relit"

    @Flag(help: "Relight even photos relit before with the same profile (otherwise their earlier outputs are copied).")
    var force = false

    @Option(help: ArgumentHelp(
        "local (the embedded engine, free) or pixeldojo (the cloud API, costs credits). Default: the config's provider.",
        valueName: "provider"))
    var provider: String?

    func validate() throws {
        if profileNames.isEmpty { throw ValidationError("Give at least one --profile NAME (see `relight profiles`).") }
        if let provider, ProviderKind(rawValue: provider) == nil {
            throw ValidationError("--provider takes local or pixeldojo, not '\(provider)'.")
        }
    }

    func run() async throws {
        let setup = try RunSetup(global: global, profileNames: profileNames)
        let (files, problems) = BatchRun.expand(paths)
        for problem in problems { printError("error: \(problem)") }
        if files.isEmpty {
            printError("error: nothing to relight; give photos, or folders that hold them.")
            throw ExitStatus.usage
        }
        let cwd = FileManager.default.currentDirectoryPath
        let output = ConfigLocator.absolute(outputDirectory, base: cwd)
        let configuration = setup.configuration
        let kind = provider.flatMap(ProviderKind.init(rawValue:)) ?? configuration.provider
        let journal = try await openJournal(configuration)
        // Made before anything is queued: a missing key or upload section stops the run with exit 78.
        let relighter = try ProviderSetup.make(configuration, kind: kind, logger: makeLogger("relight.run", level: .error))
        if kind == .pixeldojo {
            let credits = profileNames.compactMap(setup.catalog.profile(named:)).reduce(0.0) {
                $0 + CreditEstimate.credits(photos: files.count, profile: $1, provider: .pixeldojo)
            }
            printOut("Relighting with the cloud API: at most \(CreditEstimate.format(credits)) credits; photos relit before are not charged again (--provider local uses the free local engine).")
        }
        let redactor = SecretRedactor(environment: ProcessInfo.processInfo.environment, variables: ProviderSetup.secretVariables(configuration))
        let pipeline = Pipeline(
            configuration: configuration, profiles: setup.catalog, journal: journal, provider: relighter,
            redactor: redactor, settings: .init(concurrency: ProviderSetup.concurrency(configuration, kind: kind), maxAttempts: kind == .local ? 1 : 3),
            logger: makeLogger("relight.run", level: .critical))
        let runner = Task { await pipeline.run() }
        var progress = RunProgress(total: files.count * profileNames.count)
        var waiting: [Int64: [(file: String, profile: String)]] = [:]
        for file in files {
            let path = ConfigLocator.absolute(file, base: cwd)
            let entry = WatchEntry(
                path: (path as NSString).deletingLastPathComponent, profiles: .list(profileNames), output: output,
                sidecar: false, location: WatchEntry.runLocation)
            await pipeline.register(entry: entry)
            let report = await pipeline.accept(IncomingFile(
                path: path, entry: entry, profiles: profileNames, wantsOutputsInItsFolder: true, force: force))
            for name in profileNames {
                if let failure = report.failure {
                    progress.finish(file, name, failure: failure, outputs: [])
                } else if let outputs = report.done[name] {
                    progress.finish(file, name, failure: nil, outputs: outputs, alreadyDone: true)
                } else if let id = report.waiting[name] {
                    waiting[id, default: []].append((file, name))
                }
            }
        }
        var seen = 0
        var announcedPause: String?
        while !waiting.isEmpty {
            let outcomes = await pipeline.outcomes
            for outcome in outcomes.dropFirst(seen) {
                guard let id = outcome.item.id, let pairs = waiting.removeValue(forKey: id) else { continue }
                for (file, name) in pairs {
                    switch outcome {
                    case .done(let item):
                        // Another path's or another profile's item (same content, same settings): its outputs were copied.
                        let path = ConfigLocator.absolute(file, base: cwd)
                        let copies = item.sourcePath == path && item.profile == name ? nil : await pipeline.copiedOutputs(path: path, profile: name)
                        progress.finish(file, name, failure: nil, outputs: copies ?? item.outputs)
                    case .failed(let item): progress.finish(file, name, failure: item.lastError ?? "failed", outputs: [])
                    case .paused(_, let reason, _): progress.finish(file, name, failure: reason, outputs: [])
                    case .blocked(_, let reason, _):
                        // Kept queued with its job: the next run picks it up without charging it again.
                        progress.finish(
                            file, name, failure: "\(reason); the photo is untouched and nothing more is charged: fix it, then run this again",
                            outputs: [])
                    case .retryLater: waiting[id, default: []].append((file, name))
                    }
                }
            }
            seen = outcomes.count
            if waiting.isEmpty { break }
            // A pause would otherwise be a silent wait: say why once. The budget's lasts until
            // midnight, so what is left ends here (queued, not charged); credits may come back.
            let snapshot = await pipeline.currentSnapshot()
            if let reason = snapshot.pausedReason, reason != announcedPause {
                announcedPause = reason
                printError(snapshot.budgetSpent
                    ? "paused: \(reason); the photos not yet submitted are not charged: run this again once the budget allows"
                    : "paused: \(reason); waiting (Ctrl-C stops; the photos stay queued and nothing is charged twice)")
            }
            // Once the jobs already submitted have come back, what is left was not submitted.
            if snapshot.budgetSpent, snapshot.running == 0 {
                for (file, name) in waiting.values.joined() { progress.finish(file, name, failure: "not submitted: \(snapshot.pausedReason ?? "the daily budget is spent")", outputs: []) }
                waiting.removeAll()
                break
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        await pipeline.stop()
        await runner.value
        try? await relighter.shutdown()
        progress.summary(outputFolder: outputDirectory)
        if progress.failed > 0 || !problems.isEmpty || progress.total == 0 { throw ExitCode.failure }
    }
}

/// What `relight run` works with: the profiles asked for, and a configuration for the journal.
struct RunSetup {
    var configuration: RelightConfiguration
    var catalog: ProfileCatalog

    init(global: GlobalOptions, profileNames: [String]) throws {
        catalog = try loadProfiles(global)
        for name in profileNames where catalog.profile(named: name) == nil {
            let hint = DidYouMean.hint(for: name, among: catalog.names)
            printError("error: no profile named '\(name)' in \(catalog.directory)\(hint)")
            throw ExitStatus.usage
        }
        let cwd = FileManager.default.currentDirectoryPath
        if global.config != nil || (try? ConfigLocator.locate(explicit: nil)) != nil {
            configuration = try loadConfiguration(global, createMissingFolders: false, printNotes: false).configuration
        } else {
            configuration = RelightConfiguration(
                file: "", baseDirectory: cwd, provider: .local, providerIsExplicit: false, profilesDirectory: catalog.directory,
                stateDirectory: ConfigLocator.absolute(".relight", base: cwd), pixeldojo: PixelDojoSettings(), upload: nil,
                budget: BudgetSettings(), watch: [], status: StatusSettings(listen: nil))
        }
    }
}
