import Foundation
import Testing

@Suite struct CLIBasicsTests {
    @Test func printsItsVersion() throws {
        let result = try RelightBinary.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
    }

    @Test(arguments: [[], ["watch"], ["run"], ["validate"], ["profiles"], ["profiles", "list"], ["profiles", "show"], ["status"], ["retry"], ["sandbox"]])
    func everyCommandHasHelp(command: [String]) throws {
        let result = try RelightBinary.run(command + ["--help"])
        #expect(result.status == 0, "\(command): \(result.stderr)")
        #expect(result.stdout.contains("USAGE: relight"))
    }

    @Test func wrongUsageExits64() throws {
        #expect(try RelightBinary.run(["frobnicate"]).status == 64)
        #expect(try RelightBinary.run(["validate", "--no-such-flag"]).status == 64)
        #expect(try RelightBinary.run(["profiles", "show"]).status == 64)
    }

    @Test func listsTheShippedProfilesWithDescriptions() throws {
        let result = try RelightBinary.run(["profiles", "list"], in: RelightBinary.repository)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count >= 8)
        for name in ["golden-hour", "blue-hour", "neon-night", "softbox-studio", "window-light", "cinematic-teal-orange", "low-key-dramatic", "candlelight"] {
            let line = lines.first { $0.hasPrefix(name + " ") }
            #expect(line != nil, "\(name) is listed")
            #expect((line?.count ?? 0) > name.count + 10, "\(name) has a description")
        }
    }

    @Test func showsAProfileFullyResolved() throws {
        let scratch = try Scratch()
        try scratch.write("profiles/warm.yaml", "prompt: warm light\nsize: 512x768\n")
        let config = try scratch.write("relight.yaml", "watch: []\n")
        let result = try RelightBinary.run(["profiles", "show", "warm", "--config", config])
        #expect(result.status == 0, "\(result.stderr)")
        for line in ["prompt: \"warm light\"", "width: 512", "height: 768", "steps: 25", "number_of_images: 1", "aspectRatio: \"1:1\"", "output_format: png", "appended_prompt: \"best quality\"", "highres_scale: 1.5"] {
            #expect(result.stdout.contains(line), "\(line)")
        }
        // Another profile's warnings are not this one's business.
        try scratch.write("profiles/other.yaml", "prompt: cool\nmodel_type: qwen-image-edit\nappended_prompt: crisp\n")
        let quiet = try RelightBinary.run(["profiles", "show", "warm", "--config", config])
        #expect(quiet.status == 0 && !quiet.stderr.contains("other.yaml"), "\(quiet.stderr)")
        let own = try RelightBinary.run(["profiles", "show", "other", "--config", config])
        #expect(own.stderr.contains("other.yaml:3:1: warning:"), "\(own.stderr)")
        let missing = try RelightBinary.run(["profiles", "show", "wram", "--config", config])
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("did you mean 'warm'"))
    }

    @Test func aBrokenProfileDoesNotStopTheJournalCommands() throws {
        // status and retry only read the journal: a profile left mid-edit warns, with its place, and
        // the command goes on (a running daemon keeps the profile's last good version).
        let scratch = try Scratch()
        try scratch.write("profiles/warm.yaml", "prompt: warm light\nsteps: 99\n")
        let config = try scratch.write("relight.yaml", "watch: []\n")
        for command in [["status"], ["status", "--json"], ["retry", "--all-failed"]] {
            let result = try RelightBinary.run(command + ["--config", config])
            #expect(result.status == 0, "\(command): \(result.stdout)\(result.stderr)")
            #expect(result.stderr.contains("warm.yaml:2:") && result.stderr.contains("warning:"), "\(command): \(result.stderr)")
        }
        // Commands that relight still refuse it, and say where.
        let validate = try RelightBinary.run(["validate", "--config", config])
        #expect(validate.status == 78 && validate.stderr.contains("warm.yaml:2:"), "\(validate.stderr)")
        // An error in relight.yaml itself still stops status, without claiming relight did not start.
        try scratch.write("relight.yaml", "watch: []\nstate_dir: [oops\n")
        let broken = try RelightBinary.run(["status", "--config", config])
        #expect(broken.status == 78 && broken.stderr.contains("relight.yaml:") && !broken.stderr.contains("did not start"), "\(broken.stderr)")
    }
}
