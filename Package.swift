// swift-tools-version: 6.1
// The package follows the data flow: watch → settle → route → journal → provider → write → dispose.
import PackageDescription

/// One settings list for every target (Swift 6 language mode is the package default).
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// The pixel kernels (resize, the engine's gain map, restore's grid) are optimised in debug builds too:
/// their SIMD code runs about a hundred times slower at -Onone, and the tests' 24 MP restores then take
/// minutes instead of seconds on a loaded machine.
let pixelSettings: [SwiftSetting] = strictSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "relight",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "relight", targets: ["relight"]),
        .library(name: "RelightConfig", targets: ["RelightConfig"]),
        .library(name: "Relighting", targets: ["Relighting"]),
        .library(name: "FolderWatch", targets: ["FolderWatch"]),
        .library(name: "PresignedUpload", targets: ["PresignedUpload"]),
        .library(name: "PixelDojo", targets: ["PixelDojo"]),
        .library(name: "Sandbox", targets: ["Sandbox"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.0.0"),
        // The shared journal for several hosts (`journal: postgresql://…`).
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.27.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        // The cloud path: HTTP client and the sandbox server.
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        // Operations: metrics on the status server.
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
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
        // System libraries for the image codecs: only their error-code APIs are used.
        .systemLibrary(name: "CTurboJPEG", pkgConfig: "libturbojpeg", providers: [.apt(["libturbojpeg0-dev"])]),
        // libjpeg's scanline API (the same libjpeg-turbo), for writing a JPEG strip by strip.
        .systemLibrary(name: "CJPEG", pkgConfig: "libjpeg", providers: [.apt(["libjpeg62-turbo-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CWebP", pkgConfig: "libwebp", providers: [.apt(["libwebp-dev"])]),
        // Camera files: TIFF (libtiff), HEIC/HEIF/AVIF (libheif) and RAW (LibRaw, its thread-safe build).
        .systemLibrary(name: "CTIFF", pkgConfig: "libtiff-4", providers: [.apt(["libtiff-dev"])]),
        .systemLibrary(name: "CHeif", pkgConfig: "libheif", providers: [.apt(["libheif-dev"])]),
        // No pkgConfig for LibRaw: its .pc file adds -fopenmp, which SwiftPM refuses; the module map links libraw_r.
        .systemLibrary(name: "CLibRaw", providers: [.apt(["libraw-dev"])]),
        // The product's one content sniffer: every format relight reads, told apart by its first bytes.
        .target(
            name: "ImageSniffing",
            swiftSettings: strictSettings
        ),
        // libpng's full API for 16-bit samples and metadata chunks; its longjmps stay inside this C.
        .target(name: "PNGBridge", dependencies: ["CPNG"]),
        // libjpeg's scanline writer; its longjmps stay inside this C too.
        .target(name: "JPEGBridge", dependencies: ["CJPEG"]),
        // Little CMS, for the cloud proxy's conversion to sRGB and back (deliver: source).
        .systemLibrary(name: "CLCMS2", pkgConfig: "lcms2", providers: [.apt(["liblcms2-dev"])]),
        // 8- and 16-bit RGB(A) pixel buffers shared by the codecs and the engine.
        .target(
            name: "ImagePixels",
            swiftSettings: pixelSettings
        ),
        // Decode JPEG, PNG, WebP, TIFF, HEIF and camera RAW; encode JPEG, PNG, WebP and TIFF; orientation; metadata carry-over.
        .target(
            name: "ImageCodecs",
            dependencies: ["ImagePixels", "ImageSniffing", "CTurboJPEG", "JPEGBridge", "CPNG", "PNGBridge", "CWebP", "CTIFF", "CHeif", "CLibRaw", "CLCMS2"],
            swiftSettings: strictSettings
        ),
        // The full-resolution pixel loops in AVX2, run where the CPU has it; C only for per-function target features.
        .target(
            name: "PixelKernels",
            cSettings: [
                .unsafeFlags(["-O2"], .when(configuration: .debug)),
                // Every kernel must give the reference's exact values: no multiply and add fused into one rounding.
                .unsafeFlags(["-ffp-contract=off"]),
            ]),
        // The local relighting algorithm on pixel buffers; no I/O.
        .target(
            name: "RelightEngine",
            dependencies: ["ImagePixels", "RelightConfig", "PixelKernels"],
            swiftSettings: pixelSettings
        ),
        // The provider interface shared by the local engine and the cloud API, and the local provider.
        .target(
            name: "Relighting",
            dependencies: [
                "RelightConfig",
                "ImagePixels",
                "ImageCodecs",
                "ImageSniffing",
                "RelightEngine",
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        // The journal, the output writer and the pipeline that joins watching, providers and outputs.
        .target(
            name: "RelightPipeline",
            dependencies: [
                "RelightConfig",
                "Relighting",
                "ImageCodecs",
                "FolderWatch",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: strictSettings
        ),
        // The status server: /healthz, /metrics, /api/status, /api/jobs and the dashboard with thumbnails.
        .target(
            name: "StatusServer",
            dependencies: [
                "RelightConfig",
                "Relighting",
                "RelightPipeline",
                "ImageCodecs",
                "ImagePixels",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
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
                "ImageSniffing",
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
        // S3 SigV4 presigning, the presign-service client and the streaming uploader.
        .target(
            name: "PresignedUpload",
            dependencies: [
                "RelightConfig",
                "ImageSniffing",
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
                "CLCMS2",
                "RelightConfig",
                "ImageCodecs",
                "ImagePixels",
                "RelightEngine",
                "Relighting",
                "PresignedUpload",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
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
                "Relighting",
                "RelightEngine",
                "ImageCodecs",
                "ImagePixels",
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
                "ImageCodecs",
                "RelightPipeline",
                "FolderWatch",
                "PixelDojo",
                "Sandbox",
                "StatusServer",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        // Benchmarks/engine: times decode, relight and encode of one image (see Benchmarks/engine/run.sh); not a test.
        .executableTarget(
            name: "engine-bench",
            dependencies: ["ImagePixels", "ImageCodecs", "RelightEngine", "RelightConfig"],
            path: "Benchmarks/engine/Sources/engine-bench",
            swiftSettings: strictSettings
        ),
        // Benchmarks/restore: times the restore kernel on 24 MP and compares its PSNR with simpler peers
        // (see Benchmarks/restore/run.sh); not a test.
        .executableTarget(
            name: "restore-bench",
            dependencies: ["ImagePixels", "ImageCodecs", "RelightEngine", "RelightConfig", "Sandbox"],
            path: "Benchmarks/restore/Sources/restore-bench",
            swiftSettings: strictSettings
        ),
        // Benchmarks/camera: times RAW, HEIC and TIFF decoding and TIFF writing against LibRaw's, libheif's
        // and libtiff's own tools (see Benchmarks/camera/run.sh); not a test.
        .executableTarget(
            name: "camera-bench",
            dependencies: ["ImagePixels", "ImageCodecs"],
            path: "Benchmarks/camera/Sources/camera-bench",
            swiftSettings: strictSettings
        ),
        // Benchmarks/journal: claims per second through SQLite and PostgreSQL by 1, 2 and 4 processes
        // (see Benchmarks/journal/run.sh); not a test.
        .executableTarget(
            name: "journal-bench",
            dependencies: ["RelightPipeline", "RelightConfig", .product(name: "Logging", package: "swift-log")],
            path: "Benchmarks/journal/Sources/journal-bench",
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
                "CLCMS2",
                "ImageCodecs",
                "ImagePixels",
                "RelightEngine",
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
                "Relighting",
                "RelightConfig",
                "ImageCodecs",
                "ImagePixels",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
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
            dependencies: [
                "RelightPipeline", "RelightConfig", "Relighting", "FolderWatch", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ImageCodecsTests",
            dependencies: ["ImageCodecs", "ImagePixels", "ImageSniffing", "CHeif"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RelightEngineTests",
            dependencies: ["RelightEngine", "PixelKernels", "ImagePixels", "ImageCodecs", "RelightConfig", "Relighting", "Sandbox"],
            resources: [.copy("Fixtures")],
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
            name: "EndToEndTests",
            dependencies: [
                "relight", "RelightPipeline", "StatusServer", "PixelDojo", "Relighting", "RelightConfig", "ImageCodecs", "ImagePixels",
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "StatusServerTests",
            dependencies: ["StatusServer", "RelightPipeline", "Relighting", "ImageCodecs", "ImagePixels"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["relight", "Relighting", "ImageCodecs", "ImagePixels"],
            swiftSettings: strictSettings
        ),
    ]
)
