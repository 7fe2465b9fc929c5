import ArgumentParser
import Foundation
import RelightConfig
import RelightPipeline

/// `relight redo`: relights, on purpose, photos relit with an earlier version of a profile.
///
/// A profile edit applies only to photos detected after it, so an edit never spends credits on
/// the backlog by itself. This command is the deliberate way to do that: it counts, estimates,
/// asks, and only then queues.
struct RedoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redo",
        abstract: "Relights photos already relit with an earlier version of a profile.",
        discussion: """
            Prints how many photos would be relit and the credit estimate, then asks for confirmation \
            (or takes --yes). The new outputs get the next free index or ' (2)' suffix beside the old ones. \
            A running daemon picks the work up within seconds; otherwise the next start does.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("profile"), help: ArgumentHelp("The profile whose earlier relights to redo.", valueName: "name"))
    var profileName: String

    @Option(help: ArgumentHelp("Only photos in this folder (a watched folder or one below it).", valueName: "path"))
    var folder: String?

    @Option(help: ArgumentHelp("Only photos relit on or after this date (2026-11-30 or 2026-11-30T14:00:00Z).", valueName: "date"))
    var since: String?

    @Flag(help: "Print what would be redone and its cost; change nothing.")
    var dryRun = false

    @Flag(help: "Do not ask for confirmation.")
    var yes = false

    func run() async throws {
        let loaded = try loadConfiguration(global, createMissingFolders: false, printNotes: false, checkSecrets: false)
        let configuration = loaded.configuration
        guard let profile = loaded.profiles.profile(named: profileName) else {
            let hint = DidYouMean.hint(for: profileName, among: loaded.profiles.names)
            printError("error: no profile named '\(profileName)' in \(loaded.profiles.directory)\(hint)")
            throw ExitStatus.usage
        }
        let sinceDate = try since.map(Self.parseDate)
        let cwd = FileManager.default.currentDirectoryPath
        let folderPath = folder.map { (ConfigLocator.absolute($0, base: cwd) as NSString).standardizingPath }
        let journal = try await openJournal(configuration)
        let candidates = try await journal.redoCandidates(
            .init(profile: profile.name, fingerprint: profile.fingerprint, folder: folderPath, since: sinceDate))
        var ready: [JournalItem] = []
        var gone: [JournalItem] = []
        for item in candidates {
            if await Self.stillThere(item, journal: journal) { ready.append(item) } else { gone.append(item) }
        }
        let scope = [folderPath.map { "in \($0)" }, since.map { "relit since \($0)" }].compactMap { $0 }.joined(separator: ", ")
        let scopeText = scope.isEmpty ? "" : " (\(scope))"
        if !gone.isEmpty {
            printOut("\(gone.count) earlier photo\(gone.count == 1 ? " is" : "s are") no longer in \(gone.count == 1 ? "its" : "their") folder with the same content; skipped.")
        }
        guard !ready.isEmpty else {
            printOut("Nothing to redo: no photo\(scopeText) was relit with an earlier version of \(profile.name).")
            return
        }
        let estimate = CreditEstimate.describe(photos: ready.count, profile: profile, provider: configuration.provider)
        printOut("\(ready.count) photo\(ready.count == 1 ? "" : "s")\(scopeText) relit with an earlier version of \(profile.name) would be relit again: \(estimate).")
        if dryRun {
            for item in ready { printOut("  \(PathBytes.display(item.sourcePath))") }
            printOut("Dry run: nothing queued.")
            return
        }
        if !yes {
            guard isatty(STDIN_FILENO) == 1 else {
                printError("error: relight redo asks before spending; run it on a terminal, or add --yes to confirm.")
                throw ExitStatus.usage
            }
            FileHandle.standardOutput.write(Data("Relight them? [y/N] ".utf8))
            let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            guard answer == "y" || answer == "yes" else {
                printOut("Nothing queued.")
                return
            }
        }
        let queued = try await journal.queueRedo(of: ready, fingerprint: profile.fingerprint, provider: configuration.provider.rawValue)
        printOut("Queued \(queued) photo\(queued == 1 ? "" : "s") with \(profile.name); a running daemon picks them up within seconds, otherwise the next relight watch does.")
    }

    /// The source is still where it was relit from, with the same content.
    static func stillThere(_ item: JournalItem, journal: Journal) async -> Bool {
        // By the path's real bytes, as the pipeline recorded it: the name may not be UTF-8.
        guard let attributes = try? PathBytes(item.sourcePath).attributes() else { return false }
        if let known = try? await journal.knownSource(path: item.sourcePath, size: attributes.size, mtime: attributes.modified) {
            return known == item.sourceSHA256
        }
        return (try? ContentHash.sha256(ofFile: item.sourcePath)) == item.sourceSHA256
    }

    static func parseDate(_ text: String) throws -> Date {
        let full = ISO8601DateFormatter()
        if let date = full.date(from: text) { return date }
        let day = DateFormatter()
        day.locale = Locale(identifier: "en_US_POSIX")
        day.dateFormat = "yyyy-MM-dd"
        if let date = day.date(from: text) { return date }
        throw ValidationError("--since takes a date such as 2026-11-30 or 2026-11-30T14:00:00Z; got '\(text)'")
    }
}
