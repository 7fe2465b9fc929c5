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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.0.0"),
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
        // The journal, the output writer and the pipeline that joins watching, providers and outputs.
        .target(
            name: "RelightPipeline",
            dependencies: [
                "RelightConfig",
                "Relighting",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // The CLI: parses arguments and calls the libraries.
        .executableTarget(
            name: "relight",
            dependencies: [
                "RelightConfig",
                "Relighting",
                "RelightPipeline",
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
            name: "RelightPipelineTests",
            dependencies: ["RelightPipeline", "RelightConfig", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["relight"],
            swiftSettings: strictSettings
        ),
    ]
)
