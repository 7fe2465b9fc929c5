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
        .library(name: "PresignedUpload", targets: ["PresignedUpload"]),
        .library(name: "PixelDojo", targets: ["PixelDojo"]),
        .library(name: "Sandbox", targets: ["Sandbox"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        // The cloud path: HTTP client, signing, the sandbox server.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
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
        // S3 SigV4 presigning, the presign-service client and the streaming uploader.
        .target(
            name: "PresignedUpload",
            dependencies: [
                "RelightConfig",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "_NIOFileSystem", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // The cloud API client: requests, responses, errors, retry and rate-limit policy, CloudProvider.
        .target(
            name: "PixelDojo",
            dependencies: [
                "RelightConfig",
                "Relighting",
                "PresignedUpload",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // The local server that speaks the cloud API, its presign service and object store (Hummingbird).
        .target(
            name: "Sandbox",
            dependencies: [
                "RelightConfig",
                "PresignedUpload",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
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
                "Sandbox",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // Cloud-path benchmarks (Benchmarks/cloud/run.sh); built with the package, never run by `swift test`.
        .executableTarget(
            name: "CloudBench",
            dependencies: [
                "PixelDojo",
                "PresignedUpload",
                "RelightConfig",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Benchmarks/cloud/CloudBench",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RelightConfigTests",
            dependencies: ["RelightConfig"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "PresignedUploadTests",
            dependencies: [
                "PresignedUpload",
                "RelightConfig",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "PixelDojoTests",
            dependencies: [
                "PixelDojo",
                "PresignedUpload",
                "Relighting",
                "RelightConfig",
                "Sandbox",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SandboxTests",
            dependencies: [
                "Sandbox",
                "RelightConfig",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
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
