// swift-tools-version: 6.1
// The package follows the data flow: watch → settle → route → journal → provider → write → dispose.
import PackageDescription

/// One settings list for every target (Swift 6 language mode is the package default).
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "relight",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "relight", targets: ["relight"]),
        .library(name: "RelightConfig", targets: ["RelightConfig"]),
        .library(name: "Relighting", targets: ["Relighting"]),
        .library(name: "FolderWatch", targets: ["FolderWatch"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
    ],
    targets: [
        // Configuration and lighting profiles: YAML in, validated values out, with file:line:column diagnostics.
        .target(
            name: "RelightConfig",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings
        ),
        // The provider interface shared by the local engine and the cloud API.
        .target(
            name: "Relighting",
            dependencies: ["RelightConfig"],
            swiftSettings: strictSettings
        ),
        // libinotifytools (Debian libinotifytools0-dev; no pkg-config file, so the module map links it by name).
        .systemLibrary(
            name: "CInotifyTools",
            providers: [.apt(["libinotifytools0-dev"])]
        ),
        // Watching folders: inotify (libinotifytools) and polling, settling, sniffing, ignore rules, routing.
        .target(
            name: "FolderWatch",
            dependencies: [
                "RelightConfig",
                "CInotifyTools",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // A benchmark harness for the watcher (Benchmarks/watch/run.sh); not part of the tests.
        .executableTarget(
            name: "watch-bench",
            dependencies: [
                "FolderWatch",
                "RelightConfig",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/watch/Sources/watch-bench",
            swiftSettings: strictSettings
        ),
        // The CLI: parses arguments and calls the libraries.
        .executableTarget(
            name: "relight",
            dependencies: [
                "RelightConfig",
                "Relighting",
                "FolderWatch",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RelightConfigTests",
            dependencies: ["RelightConfig"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "FolderWatchTests",
            dependencies: [
                "FolderWatch",
                "RelightConfig",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["relight"],
            swiftSettings: strictSettings
        ),
    ]
)
