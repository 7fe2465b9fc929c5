import Foundation
import Testing

@Suite struct ValidateCommandTests {
    @Test func validatesTheExampleConfig() throws {
        let result = try RelightBinary.run(["validate", "--config", "\(RelightBinary.repository)/examples/relight.yaml"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("is valid"))
        #expect(result.stdout.contains("Provider: local"))
        #expect(result.stdout.contains("Watched folders:"))
        #expect(result.stdout.contains("examples/inbox/"))
        #expect(result.stdout.contains("golden-hour/"))
        #expect(result.stdout.contains("examples/relit/{profile}/{stem}_{profile}_{index}.{ext}"))
    }

    @Test func findsRelightYAMLInTheCurrentFolder() throws {
        let scratch = try Scratch()
        try scratch.write("profiles/warm.yaml", "prompt: warm\n")
        try scratch.write("relight.yaml", "watch:\n  - path: in\n    profiles: [warm]\n")
        let result = try RelightBinary.run(["validate"], in: scratch.path, environment: ["XDG_CONFIG_HOME": scratch.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\(scratch.path)/relight.yaml is valid"))
        #expect(result.stdout.contains("did not exist; created it"))
        #expect(FileManager.default.fileExists(atPath: "\(scratch.path)/in"))
    }

    @Test func saysWhichProfilesOfAFolderDeliverTheProvidersGeometry() throws {
        let scratch = try Scratch()
        try scratch.write("profiles/full.yaml", "prompt: warm\n")
        try scratch.write("profiles/crop.yaml", "prompt: cool\ndeliver: generated\n")
        for provider in ["local", "pixeldojo"] {
            let upload = provider == "pixeldojo" ? "upload:\n  presign_service:\n    url: http://127.0.0.1:9/presign\n" : ""
            let config = try scratch.write("relight.yaml", "provider: \(provider)\n\(upload)watch:\n  - path: in\n    profiles: by-subfolder\n")
            let result = try RelightBinary.run(["validate", "--config", config], environment: ["PIXELDOJO_API_KEY": "k", "PRESIGN_TOKEN": "t"])
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            let line = result.stdout.split(separator: "\n").first { $0.contains("→ delivers:") } ?? ""
            #expect(line.contains("deliver: source") && line.contains("except crop (deliver: generated"), "\(provider): \(line)")
        }
    }

    @Test func validatesEveryShippedProfile() throws {
        let profiles = try FileManager.default.contentsOfDirectory(atPath: "\(RelightBinary.repository)/profiles")
            .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
        #expect(profiles.count >= 8)
        let scratch = try Scratch()
        let entries = profiles.map { "  - path: in/\($0)\n    profiles: [\($0)]\n" }.joined()
        let config = try scratch.write("relight.yaml", "profiles_dir: \(RelightBinary.repository)/profiles\nwatch:\n\(entries)")
        let result = try RelightBinary.run(["validate", "--config", config])
        #expect(result.status == 0, "\(result.stderr)")
        for name in profiles { #expect(result.stdout.contains("profiles: \(name)\n")) }
        #expect(!result.stdout.contains("warning"), "shipped profiles draw no warnings")
    }

    static let badConfigs: [(String, String, Int)] = [
        ("malformed", "watch: [\n", 2),
        ("tab", "watch:\n\t- path: in\n", 2),
        ("unknown top-level key", "profile_dir: p\n", 1),
        ("unknown watch key", "watch:\n  - path: in\n    profils: [warm]\n", 3),
        ("unknown nested key", "pixeldojo:\n  poll_intervl: 2s\n", 2),
        ("bad duration", "watch:\n  - path: in\n    settle: soon\n", 3),
        ("missing profile", "watch:\n  - path: in\n    profiles: [cold]\n", 3),
        ("overlap", "watch:\n  - path: in\n  - path: in/sub\n", 3),
        ("empty file", "", 1),
        ("not a mapping", "just a sentence\n", 1),
        ("wrong type", "budget:\n  credits_per_day: lots\n", 2),
    ]

    @Test(arguments: badConfigs)
    func badConfigExits78NamingFileAndLine(name: String, yaml: String, line: Int) throws {
        let scratch = try Scratch()
        try scratch.write("profiles/warm.yaml", "prompt: warm\n")
        let config = try scratch.write("relight.yaml", yaml)
        let result = try RelightBinary.run(["validate", "--config", config])
        #expect(result.status == 78, "\(name): \(result.stderr)")
        #expect(result.stderr.contains("\(config):\(line):"), "\(name): \(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    static let badProfiles: [(String, String, Int)] = [
        ("steps not a number", "prompt: p\nsteps: \"many\"\n", 2),
        ("steps out of range", "prompt: p\nsteps: 99\n", 2),
        ("zero images", "prompt: p\nnumber_of_images: 0\n", 2),
        ("quality 101", "prompt: p\noutput_quality: 101\n", 2),
        ("gif", "prompt: p\noutput_format: gif\n", 2),
        ("dalle", "prompt: p\nmodel_type: dalle\n", 2),
        ("size 1024", "prompt: p\nsize: 1024\n", 2),
        ("size 0x100", "prompt: p\nsize: 0x100\n", 2),
        ("size axb", "prompt: p\nsize: axb\n", 2),
        ("unknown key", "prompt: p\nlight: Left\n", 2),
        ("empty", "", 1),
        ("list", "- prompt\n", 1),
        ("tab", "prompt: p\n\tsteps: 3\n", 2),
    ]

    @Test(arguments: badProfiles)
    func badProfileExits78NamingFileAndLine(name: String, yaml: String, line: Int) throws {
        let scratch = try Scratch()
        let profile = try scratch.write("profiles/bad.yaml", yaml)
        let config = try scratch.write("relight.yaml", "watch: []\n")
        let result = try RelightBinary.run(["validate", "--config", config])
        #expect(result.status == 78, "\(name): \(result.stderr)")
        #expect(result.stderr.contains("\(profile):\(line):"), "\(name): \(result.stderr)")
    }

    @Test func aMissingConfigFileExits78() throws {
        let result = try RelightBinary.run(["validate", "--config", "/nonexistent/relight.yaml"])
        #expect(result.status == 78)
        #expect(result.stderr.contains("/nonexistent/relight.yaml"))
        #expect(result.stderr.contains("not found"))
    }

    @Test func nonYAMLFilesInTheProfilesFolderAreIgnoredWithANote() throws {
        let scratch = try Scratch()
        try scratch.write("profiles/warm.yaml", "prompt: warm\n")
        try scratch.write("profiles/notes.txt", "hello")
        let config = try scratch.write("relight.yaml", "watch: []\n")
        let result = try RelightBinary.run(["validate", "--config", config])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("notes.txt: note: not a .yaml file, ignored"))
    }

    /// Issue 11.4: the key file's permissions error names the line of `api_key_file:`, like every other error.
    @Test func aReadableKeyFileIsReportedAtItsLine() throws {
        let scratch = try Scratch()
        try scratch.write("profiles/warm.yaml", "prompt: warm\n")
        let key = try scratch.write("pd.key", "pd_secret_value")
        chmod(key, 0o644)
        let yaml = "provider: pixeldojo\npixeldojo:\n  poll_interval: 2s\n  api_key_file: pd.key\nupload:\n  presign_service:\n    url: http://127.0.0.1:9/p\nwatch: []\n"
        let config = try scratch.write("relight.yaml", yaml)
        let result = try RelightBinary.run(["validate", "--config", config])
        #expect(result.status == 78, "\(result.stderr)")
        #expect(result.stderr.contains("\(config):4:3: error: api_key_file"), "\(result.stderr)")
        #expect(result.stderr.contains("chmod 600"))
        #expect(!result.stderr.contains("pd_secret_value"))
        chmod(key, 0o600)
        let fixed = try RelightBinary.run(["validate", "--config", config])
        #expect(fixed.status == 0, "\(fixed.stderr)")
    }
}
