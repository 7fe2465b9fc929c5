import ArgumentParser
import Foundation
import RelightConfig
import RelightPipeline

/// `relight journal migrate --to postgresql://…`: moves this host's SQLite journal into a shared PostgreSQL.
struct JournalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal",
        abstract: "Works on the journal itself.",
        subcommands: [JournalMigrateCommand.self]
    )
}

struct JournalMigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copies the SQLite journal under state_dir into PostgreSQL, losing nothing; safe to run twice.",
        discussion: """
            Open items keep their job ids (they are resumed, never submitted again), done items keep \
            deduplicating, failed items keep their reasons. Items the target already holds are left as they are. \
            The password comes from --password-env, the config's journal_password_env, or ~/.pgpass. \
            Then set journal: to the same URL in relight.yaml on every host.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "The PostgreSQL to copy into: postgresql://user@host:5432/database?sslmode=require")
    var to: String

    @Option(help: "The environment variable that holds the database password.")
    var passwordEnv: String?

    func run() async throws {
        let loaded = try loadConfiguration(global, createMissingFolders: false, printNotes: false, checkSecrets: false, journalOnly: true)
        let config = loaded.configuration
        let url: PostgresURL
        switch PostgresURL.parse(to) {
        case .success(let parsed): url = parsed
        case .failure(let error):
            printError("error: --to \(error.message)")
            throw ExitStatus.usage
        }
        let path = (config.stateDirectory as NSString).appendingPathComponent("journal.sqlite")
        guard FileManager.default.fileExists(atPath: path) else {
            printError("error: there is no SQLite journal at \(path); nothing to migrate")
            throw ExitCode.failure
        }
        var settings = config.journal
        settings.passwordEnv = passwordEnv ?? settings.passwordEnv
        do {
            let password = try PostgresPassword.find(for: url, settings: settings, environment: ProcessInfo.processInfo.environment)
            let source = try SQLiteJournal(stateDirectory: config.stateDirectory)
            let target = try await PostgresJournal(url: url, password: password, host: HostIdentity.machine, logger: makeLogger("relight.journal"))
            defer { Task { await target.close() } }
            let report = try await JournalMigration.copy(from: source, to: target)
            let states = report.byState.keys.sorted().map { "\(report.byState[$0]!) \($0)" }.joined(separator: ", ")
            printOut("Copied \(report.itemsCopied) item(s)\(states.isEmpty ? "" : " (\(states))"), \(report.sourcesCopied) known file(s) and \(report.uploadsCopied) upload record(s) from \(path) to \(url).")
            if report.itemsAlreadyThere > 0 { printOut("\(report.itemsAlreadyThere) item(s) were there already and were left as they are.") }
            printOut("Next: set journal: \(url) in relight.yaml on every host, then restart relight watch.")
        } catch let error as PostgresJournalError {
            printError("error: \(error.message)")
            throw ExitCode.failure
        } catch let error as JournalUnreachableError {
            printError("error: \(error)")
            throw ExitCode.failure
        }
    }
}
