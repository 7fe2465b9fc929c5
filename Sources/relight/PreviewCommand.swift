import ArgumentParser
import Foundation
import ImageCodecs
import ImagePixels
import RelightConfig
import Relighting
import RelightPipeline

/// `relight preview`: a contact sheet of photos × profiles, to choose a look before using it.
///
/// It relights nothing for real: no journal, no output folder, no sidecar. The local engine renders
/// reduced copies in seconds and for free; `--provider pixeldojo` shows the cloud's own look after
/// printing its credit estimate and asking.
struct PreviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Renders a contact sheet of photos × profiles, to choose a look.",
        discussion: """
            One row per photo: the source, then one column per profile, each labelled with its name. \
            The local engine renders it on a reduced copy in a few seconds, for free. With --provider pixeldojo \
            the cloud renders it: the credit estimate is printed first and relight asks (or takes --yes). \
            Nothing is written to the journal or to any output folder; only the sheet (--out) is written.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("Photos, or folders of photos, to preview.", valueName: "photo"))
    var photos: [String]

    @Option(name: .customLong("profile"), help: ArgumentHelp("A profile to preview; repeat for several.", valueName: "name"))
    var profileNames: [String] = []

    @Flag(help: "Preview every profile.")
    var all = false

    @Option(name: .customLong("out"), help: ArgumentHelp("The contact sheet to write: .jpg or .png.", valueName: "file"))
    var output = "relight-preview.jpg"

    @Option(help: ArgumentHelp("local (the embedded engine, free) or pixeldojo (the cloud API, costs credits).", valueName: "provider"))
    var provider = "local"

    @Option(name: .customLong("cell-size"), help: ArgumentHelp("The longest side of each picture on the sheet, in pixels (64-2048).", valueName: "pixels"))
    var cellSize = 480

    @Flag(help: "Do not ask before spending cloud credits.")
    var yes = false

    func validate() throws {
        if profileNames.isEmpty && !all { throw ValidationError("Give --profile NAME (repeat it for several) or --all; see `relight profiles`.") }
        guard ProviderKind(rawValue: provider) != nil else { throw ValidationError("--provider takes local or pixeldojo, not '\(provider)'.") }
        guard (64...2048).contains(cellSize) else { throw ValidationError("--cell-size must be from 64 to 2048 pixels; got \(cellSize).") }
        guard Self.format(of: output) != nil else { throw ValidationError("--out must end in .jpg, .jpeg or .png; got '\(output)'.") }
    }

    func run() async throws {
        let kind = ProviderKind(rawValue: provider) ?? .local
        let loaded: LoadedConfiguration? = kind == .pixeldojo ? try loadConfiguration(global, createMissingFolders: false) : nil
        let catalog = try loaded?.profiles ?? loadProfiles(global)
        let profiles = try chosenProfiles(catalog)
        let (files, problems) = BatchRun.expand(photos)
        for problem in problems { printError("error: \(problem)") }
        guard !files.isEmpty else {
            printError("error: no photos to preview; give photos (JPEG, PNG, WebP, TIFF, HEIC, camera RAW) or folders holding them.")
            throw ExitStatus.usage
        }
        let cwd = FileManager.default.currentDirectoryPath
        let paths = files.map { ConfigLocator.absolute($0, base: cwd) }
        let renderer = PreviewRenderer(size: cellSize)
        let cells: [[PreviewCell]]
        if let loaded {
            // The key and the upload settings are checked before asking, so a yes is never met by a
            // config error; the provider (and its HTTP client) is made only once the user agreed.
            try Self.checkCloudSettings(loaded.configuration)
            try confirmSpending(photos: paths.count, profiles: profiles)
            let cloud = try Self.cloudProvider(loaded.configuration)
            cells = try await Self.renderInCloud(
                paths, profiles: profiles, provider: cloud, maxInFlight: loaded.configuration.pixeldojo.maxInFlight, renderer: renderer)
        } else {
            printError("Rendering \(paths.count) photo\(paths.count == 1 ? "" : "s") × \(profiles.count) profile\(profiles.count == 1 ? "" : "s") with the local engine…")
            cells = try await Self.renderLocally(paths, profiles: profiles, renderer: renderer)
        }
        var sheet = ContactSheet(rows: paths.count, columns: profiles.count + 1, cellSize: cellSize)
        var failures = 0
        for (row, path) in paths.enumerated() {
            for (column, cell) in cells[row].enumerated() {
                let label = column == 0 ? PathBytes.display((path as NSString).lastPathComponent) : profiles[column - 1].name
                switch cell {
                case .image(let pixels): sheet.place(pixels, row: row, column: column, label: label)
                case .failed(let reason):
                    failures += 1
                    printError("error: \(PathBytes.display(path))\(column == 0 ? "" : " with \(label)"): \(reason)")
                    sheet.placeMessage(column == 0 ? "cannot be read" : "failed", row: row, column: column, label: label)
                }
            }
        }
        let destination = ConfigLocator.absolute(output, base: cwd)
        try write(sheet.pixels, to: destination)
        printOut("Contact sheet: \(destination) (\(paths.count) photo\(paths.count == 1 ? "" : "s") × \(profiles.count) profile\(profiles.count == 1 ? "" : "s"), \(sheet.pixels.width)×\(sheet.pixels.height))")
        if failures > 0 || !problems.isEmpty { throw ExitCode.failure }
    }

    /// The profiles asked for, in the order given (or every profile for --all).
    private func chosenProfiles(_ catalog: ProfileCatalog) throws -> [LightingProfile] {
        if all {
            guard !catalog.all.isEmpty else {
                printError("error: no profiles in \(catalog.directory); add NAME.yaml files there (see the README).")
                throw ExitStatus.usage
            }
            return catalog.all
        }
        var chosen: [LightingProfile] = []
        for name in profileNames where !chosen.contains(where: { $0.name == name }) {
            guard let profile = catalog.profile(named: name) else {
                printError("error: no profile named '\(name)' in \(catalog.directory)\(DidYouMean.hint(for: name, among: catalog.names))")
                throw ExitStatus.usage
            }
            chosen.append(profile)
        }
        return chosen
    }

    private func write(_ pixels: PixelBuffer, to path: String) throws {
        do {
            let bytes = try ImageEncoder.encode(pixels, as: Self.format(of: path) ?? .jpeg, quality: 90)
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            printError("error: cannot write the contact sheet to \(path): \(error.localizedDescription); choose another place with --out.")
            throw ExitCode.failure
        }
    }

    static func format(of path: String) -> ImageFormat? {
        switch (path as NSString).pathExtension.lowercased() {
        case "jpg", "jpeg": .jpeg
        case "png": .png
        default: nil
        }
    }
}

/// One picture of the sheet, or why it is missing.
enum PreviewCell: Sendable {
    case image(PixelBuffer)
    case failed(String)
}
