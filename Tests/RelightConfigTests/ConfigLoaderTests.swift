import Foundation
import Testing
@testable import RelightConfig

@Suite struct ConfigLoaderTests {
    /// A folder with a profiles/ folder holding `golden-hour` and `neon-night`.
    func studio() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write("profiles/golden-hour.yaml", "description: warm\nprompt: golden hour\n")
        try folder.write("profiles/neon-night.yaml", "prompt: neon\n")
        return folder
    }

    func load(_ folder: TemporaryFolder, _ yaml: String, environment: [String: String] = [:]) throws -> LoadedConfiguration {
        let file = try folder.write("relight.yaml", yaml)
        return try ConfigLoader.load(path: file, environment: environment)
    }

    func errors(_ folder: TemporaryFolder, _ yaml: String, environment: [String: String] = [:]) throws -> [ConfigError] {
        let file = try folder.write("relight.yaml", yaml)
        do {
            _ = try ConfigLoader.load(path: file, environment: environment)
            Issue.record("expected configuration errors")
            return []
        } catch {
            return error.errors
        }
    }

    @Test func fillsDefaultsAndResolvesPathsAgainstTheConfigFolder() throws {
        let folder = try studio()
        let loaded = try load(folder, "watch:\n  - path: inbox\n")
        let config = loaded.configuration
        #expect(config.provider == .local)
        #expect(!config.providerIsExplicit)
        #expect(config.profilesDirectory == folder.url("profiles"))
        #expect(config.stateDirectory == folder.url(".relight"))
        #expect(config.pixeldojo == PixelDojoSettings())
        #expect(config.budget.isUnlimited)
        #expect(config.status.listen == ListenAddress(host: "127.0.0.1", port: 8787))
        let entry = try #require(config.watch.first)
        #expect(entry.path == folder.url("inbox"))
        #expect(entry.profiles == .bySubfolder)
        #expect(entry.output == folder.url("relit/{profile}"))
        #expect(entry.outputRoot == folder.url("relit"))
        #expect(entry.naming == "{stem}_{profile}_{index}.{ext}")
        #expect(entry.recursive && entry.mode == .auto && entry.sidecar && entry.after == .keep)
        #expect(entry.settle == .seconds(1) && entry.pollInterval == .seconds(10))
        #expect(loaded.profiles.names == ["golden-hour", "neon-night"])
        #expect(loaded.createdFolders == [folder.url("inbox")], "a missing watched folder is created")
        #expect(FileManager.default.fileExists(atPath: folder.url("inbox")))
        #expect(loaded.notes.contains { $0.message.contains("created") })
    }

    @Test func readsHowRAWFilesAreDeveloped() throws {
        let folder = try studio()
        #expect(try load(folder, "watch: []\n").configuration.raw == .develop)
        #expect(try load(folder, "raw: preview\nwatch: []\n").configuration.raw == .preview)
        let problems = try errors(folder, "raw: fast\nwatch: []\n")
        #expect(problems.contains { $0.message.contains("'raw' must be one of develop, preview") }, "\(problems)")
    }

    @Test func readsEveryKey() throws {
        let folder = try studio()
        try folder.write("keys/pd.key", "pd_secret")
        chmod(folder.url("keys/pd.key"), 0o600)
        let yaml = """
            provider: pixeldojo
            profiles_dir: profiles
            state_dir: /var/tmp/relight-state-test
            pixeldojo:
              base_url: https://api.example.com/v1/
              api_key_file: keys/pd.key
              poll_interval: 3s
              job_timeout: 20m
              max_in_flight: 2
              requests_per_minute: 10
              max_download_bytes: 50MB
            upload:
              s3:
                endpoint: https://s3.eu-central-1.amazonaws.com
                region: eu-central-1
                bucket: studio-relight
                prefix: shots/
                addressing: virtual
                access_key_env: MY_AK
                secret_key_env: MY_SK
                expires: 30m
                delete_after: false
            budget:
              credits_per_day: 250
            watch:
              - path: inbox
                profiles: [golden-hour, neon-night]
                output: out/{date}/{profile}/{subdir}
                naming: "{stem}-{profile}-{index}-{seed}.{ext}"
                recursive: false
                mode: poll
                poll_interval: 30s
                settle: 500ms
                include: ["*.jpg", "*.png"]
                exclude: ["*_draft*"]
                after: move:done
                sidecar: false
            status:
              listen: 0.0.0.0:9000
              token_env: TOKEN
            """
        let loaded = try load(folder, yaml, environment: ["MY_AK": "a", "MY_SK": "b"])
        let config = loaded.configuration
        #expect(config.provider == .pixeldojo && config.providerIsExplicit)
        #expect(config.stateDirectory == "/var/tmp/relight-state-test")
        #expect(config.pixeldojo.baseURL == "https://api.example.com/v1")
        #expect(config.pixeldojo.apiKeyFile == folder.url("keys/pd.key"))
        #expect(config.pixeldojo.pollInterval == .seconds(3) && config.pixeldojo.jobTimeout == .seconds(1200))
        #expect(config.pixeldojo.maxInFlight == 2 && config.pixeldojo.requestsPerMinute == 10)
        #expect(config.pixeldojo.maxDownloadBytes == 50 * 1024 * 1024)
        let s3 = S3UploadSettings(
            endpoint: "https://s3.eu-central-1.amazonaws.com", region: "eu-central-1", bucket: "studio-relight",
            prefix: "shots/", addressing: .virtual, accessKeyEnv: "MY_AK", secretKeyEnv: "MY_SK",
            expires: .seconds(1800), deleteAfter: false)
        #expect(config.upload == .s3(s3))
        #expect(config.budget.creditsPerDay == 250)
        #expect(config.status.listen == ListenAddress(host: "0.0.0.0", port: 9000) && config.status.tokenEnv == "TOKEN")
        #expect(config.status.listen?.isLoopback == false)
        let entry = try #require(config.watch.first)
        #expect(entry.profiles == .list(["golden-hour", "neon-night"]))
        #expect(entry.output == folder.url("out/{date}/{profile}/{subdir}"))
        #expect(entry.outputRoot == folder.url("out"))
        #expect(entry.naming == "{stem}-{profile}-{index}-{seed}.{ext}")
        #expect(!entry.recursive && entry.mode == .poll && !entry.sidecar)
        #expect(entry.pollInterval == .seconds(30) && entry.settle == .milliseconds(500))
        #expect(entry.include == ["*.jpg", "*.png"] && entry.exclude == ["*_draft*"])
        #expect(entry.after == .move(folder.url("done")))
    }

    @Test func choosesPixelDojoWhenAnAPIKeyIsFound() throws {
        let folder = try studio()
        let yaml = "upload:\n  presign_service:\n    url: http://127.0.0.1:9/presign\n"
        #expect(try load(folder, yaml).configuration.provider == .local)
        let withKey = try load(folder, yaml, environment: ["PIXELDOJO_API_KEY": "pd_x"])
        #expect(withKey.configuration.provider == .pixeldojo)
        #expect(withKey.configuration.upload == .presignService(PresignServiceSettings(url: "http://127.0.0.1:9/presign")))
    }

    @Test func statusCanBeSwitchedOff() throws {
        let folder = try studio()
        #expect(try load(folder, "status:\n  listen: off\n").configuration.status.listen == nil)
    }

    @Test func reportsAMissingProfileAtItsName() throws {
        let folder = try studio()
        let found = try errors(folder, "watch:\n  - path: inbox\n    profiles: [golden-hour, golden-houre]\n")
        let error = try #require(found.first)
        #expect(error.code == .missingProfile)
        #expect(error.location.line == 3 && error.location.column == 29)
        #expect(error.message.contains("did you mean 'golden-hour'"))
    }

    @Test(arguments: [("inbox", "inbox"), ("inbox", "inbox/studio"), ("inbox/studio", "inbox")])
    func rejectsOverlappingWatches(first: String, second: String) throws {
        let folder = try studio()
        let found = try errors(folder, "watch:\n  - path: \(first)\n  - path: \(second)\n")
        #expect(found.count == 1)
        #expect(found.first?.code == .overlappingWatch)
        #expect(found.first?.location.line == 3)
    }

    @Test func notesOwnFoldersInsideAWatchedTree() throws {
        let folder = try studio()
        let loaded = try load(folder, "state_dir: inbox/.state\nwatch:\n  - path: inbox\n    output: inbox/relit/{profile}\n    after: move:inbox/done\n")
        let config = loaded.configuration
        let ignored = config.ignoredFolders(for: config.watch[0])
        #expect(Set(ignored) == [folder.url("inbox/.state"), folder.url("inbox/relit"), folder.url("inbox/done")])
        #expect(loaded.notes.filter { $0.message.contains("the watcher ignores it") }.count == 3)
    }

    @Test func requiresAnUploadSectionForPixelDojo() throws {
        let folder = try studio()
        let found = try errors(folder, "provider: pixeldojo\n", environment: ["PIXELDOJO_API_KEY": "k"])
        #expect(found.first?.message.contains("upload") == true)
        #expect(found.first?.location.line == 1)
    }

    @Test func refusesAKeyFileOthersCanRead() throws {
        let folder = try studio()
        try folder.write("pd.key", "pd_secret")
        chmod(folder.url("pd.key"), 0o644)
        let yaml = "provider: pixeldojo\npixeldojo:\n  api_key_file: pd.key\nupload:\n  presign_service:\n    url: http://127.0.0.1:9/p\n"
        let found = try errors(folder, yaml)
        #expect(found.map(\.code) == [.insecureKeyFile])
        #expect(found.first?.message.contains("chmod 600") == true)
        #expect(found.first?.location.line == 3)
        #expect(found.first?.location.column == 3)
        chmod(folder.url("pd.key"), 0o600)
        #expect(try load(folder, yaml).configuration.provider == .pixeldojo)
    }

    @Test func notesNonYAMLFilesInTheProfilesFolder() throws {
        let folder = try studio()
        try folder.write("profiles/README.txt", "not a profile")
        let loaded = try load(folder, "watch: []\n")
        #expect(loaded.profiles.names == ["golden-hour", "neon-night"])
        #expect(loaded.notes.contains { $0.message.contains("ignored") && $0.location?.file.hasSuffix("README.txt") == true })
    }

    @Test(arguments: [
        ("watch:\n  - path: inbox\n    settle: soon\n", 3, "duration"),
        ("watch:\n  - path: inbox\n    profils: [a]\n", 3, "did you mean 'profiles'"),
        ("profile_dir: p\n", 1, "did you mean 'profiles_dir'"),
        ("pixeldojo:\n  max_inflight: 3\n", 2, "did you mean 'max_in_flight'"),
        ("upload:\n  s3:\n    bucket: b\n    adressing: path\n", 4, "did you mean 'addressing'"),
        ("watch:\n  - path: inbox\n    recursiv: true\n", 3, "did you mean 'recursive'"),
        ("budget:\n  credits_per_dya: 3\n", 2, "did you mean 'credits_per_day'"),
        ("status:\n  listn: off\n", 2, "did you mean 'listen'"),
        ("watch:\n  - path: inbox\n    mode: fast\n", 3, "auto, inotify, poll"),
        ("watch:\n  - path: inbox\n    after: move\n", 3, "keep, delete or move:FOLDER"),
        ("watch:\n  - path: inbox\n    naming: \"{stem}_{nmae}.{ext}\"\n", 3, "unknown token {nmae}"),
        ("watch:\n  - profiles: by-subfolder\n", 2, "needs a 'path:'"),
        ("watch: inbox\n", 1, "must be a list"),
        ("pixeldojo:\n  max_in_flight: 0\n", 2, "from 1 to 256"),
        ("pixeldojo:\n  base_url: ftp://x\n", 2, "http"),
        ("status:\n  listen: everywhere\n", 2, "HOST:PORT"),
        ("provider: cloud\n", 1, "local, pixeldojo"),
        ("watch:\n\t- path: inbox\n", 2, "tab"),
        ("watch: [\n", 2, "malformed YAML"),
        ("provider: local\nprovider: local\n", 1, "duplicate key"),
        ("- just\n- a list\n", 1, "must be a mapping"),
        ("", 1, "empty"),
    ])
    func reportsBadConfigWithFileAndLine(yaml: String, line: Int, message: String) throws {
        let folder = try studio()
        let found = try errors(folder, yaml)
        let error = try #require(found.first)
        #expect(error.location.file == folder.url("relight.yaml"))
        #expect(error.location.line == line, "\(error)")
        #expect(error.description.contains(message), "\(error)")
    }

    @Test func collectsEveryErrorInOnePass() throws {
        let folder = try studio()
        let found = try errors(folder, "profile_dir: p\nwatch:\n  - path: inbox\n    settle: soon\n    mode: fast\n")
        #expect(found.map(\.location.line) == [1, 4, 5])
    }

    @Test func reportsProfileErrorsAlongsideConfigErrors() throws {
        let folder = try studio()
        try folder.write("profiles/broken.yaml", "prompt: p\nsteps: 99\n")
        let found = try errors(folder, "watch: []\n")
        #expect(found.first?.location.file == folder.url("profiles/broken.yaml"))
        #expect(found.first?.location.line == 2)
    }
}
