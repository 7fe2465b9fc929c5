import Foundation
import Testing
@testable import RelightConfig

@Suite struct ConfigLocatorTests {
    @Test func followsTheLookupOrder() throws {
        let folder = try TemporaryFolder()
        let cwd = folder.url("work")
        try FileManager.default.createDirectory(atPath: cwd, withIntermediateDirectories: true)
        let environment = ["RELIGHT_CONFIG": folder.url("env.yaml"), "XDG_CONFIG_HOME": folder.url("xdg"), "HOME": folder.url("home")]
        func locate() -> String? { try? ConfigLocator.locate(explicit: nil, environment: environment, currentDirectory: cwd) }

        #expect(locate() == nil || locate() == "/etc/relight/relight.yaml")
        try folder.write("home/.config/relight/relight.yaml", "{}")
        #expect(locate() == nil || locate() == "/etc/relight/relight.yaml", "HOME is not used when XDG_CONFIG_HOME is set")
        try folder.write("xdg/relight/relight.yaml", "{}")
        #expect(locate() == folder.url("xdg/relight/relight.yaml"))
        try folder.write("work/relight.yaml", "{}")
        #expect(locate() == folder.url("work/relight.yaml"))
        try folder.write("env.yaml", "{}")
        #expect(locate() == folder.url("env.yaml"))
        #expect(try ConfigLocator.locate(explicit: "work/relight.yaml", environment: environment, currentDirectory: folder.path)
            == folder.url("work/relight.yaml"))
    }

    @Test func fallsBackToHomeWithoutXDG() throws {
        let folder = try TemporaryFolder()
        let candidates = ConfigLocator.candidates(environment: ["HOME": "/home/ana"], currentDirectory: folder.path)
        #expect(candidates == [folder.url("relight.yaml"), "/home/ana/.config/relight/relight.yaml", "/etc/relight/relight.yaml"])
    }

    @Test func refusesAMissingExplicitPath() throws {
        #expect(throws: ConfigError.self) {
            try ConfigLocator.locate(explicit: "/nonexistent/relight.yaml", environment: [:], currentDirectory: "/")
        }
    }
}
