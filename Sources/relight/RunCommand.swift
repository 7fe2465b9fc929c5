import ArgumentParser
import Foundation
import RelightConfig
import Relighting

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Relights the given files once, with the given profiles.",
        discussion: """
            Folders expand to the JPEG, PNG and WebP images directly inside them (recognised by content). \
            Outputs are named {stem}_{profile}_{index}.{ext}. Exits 0 only if every item succeeded, 1 otherwise.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("Image files or folders of images.", valueName: "path"))
    var paths: [String]

    @Option(name: .customLong("profile"), help: ArgumentHelp("A profile to apply; repeat for several.", valueName: "name"))
    var profileNames: [String] = []

    @Option(name: .customLong("out"), help: ArgumentHelp("The output folder.", valueName: "dir"))
    var outputDirectory: String = "relit"

    func validate() throws {
        if profileNames.isEmpty { throw ValidationError("Give at least one --profile NAME (see `relight profiles`).") }
    }

    func run() async throws {
        let catalog = try loadProfiles(global)
        var profiles: [LightingProfile] = []
        for name in profileNames {
            guard let profile = catalog.profile(named: name) else {
                let hint = DidYouMean.hint(for: name, among: catalog.names)
                printError("error: no profile named '\(name)' in \(catalog.directory)\(hint)")
                throw ExitStatus.usage
            }
            profiles.append(profile)
        }
        let provider = LocalProvider()
        let batch = BatchRun(paths: paths, profiles: profiles, outputDirectory: outputDirectory, concurrency: provider.threadCount)
        let progress = RunProgress()
        let report = await batch.run(provider: provider) { item, done, total in
            await progress.finished(item, done: done, total: total)
        }
        await progress.finish()
        try? await provider.shutdown()
        for problem in report.problems { printError("error: \(problem)") }
        let failed = report.items.filter { !$0.succeeded }.count
        let written = report.items.reduce(0) { $0 + $1.outputs.count }
        printOut("\(written) image\(written == 1 ? "" : "s") written to \(outputDirectory)/; \(failed) of \(report.items.count) item\(report.items.count == 1 ? "" : "s") failed.")
        if !report.succeeded { throw ExitCode.failure }
    }
}
