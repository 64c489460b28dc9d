// swift-tools-version: 6.2
import PackageDescription

/// `GATEHOUSE_SANITIZER=address` or `thread` (set by `make sanitize-address`/`sanitize-thread`):
/// this package's own targets compiled with that sanitizer, its dependencies as they are.
/// `swift build --sanitize` instruments every dependency too, so each sanitizer run rebuilt
/// BoringSSL, SwiftNIO, Hummingbird and the rest (about 500 of a run's ~640 s on this machine)
/// in a directory of its own; this way the plain build's dependencies are reused and only our
/// code is rebuilt. Our code is what the runs are for: the unsafe byte primitives, the caches
/// and locks. Its shared state is behind pthread mutexes (GatehouseCore's LockedBox) and Swift
/// concurrency, both of which ThreadSanitizer sees without the callers being instrumented.
let sanitizer = Context.environment["GATEHOUSE_SANITIZER"].flatMap { $0.isEmpty ? nil : $0 }
let sanitizerSettings: [SwiftSetting] = sanitizer.map { [.unsafeFlags(["-sanitize=\($0)"])] } ?? []
/// The sanitizer's runtime, linked into the one test product (every test target is in it, and
/// TestSupport is in every test target's closure but one, which shares the binary).
let sanitizerLinking: [LinkerSetting] = sanitizer.map { [.unsafeFlags(["-sanitize=\($0)"])] } ?? []

/// Settings every Swift target shares: Swift 6 language mode plus the strict upcoming features
/// the style guide asks for, with warnings treated as errors so they never pile up.
let strictSettings: [SwiftSetting] =
    [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
        .enableUpcomingFeature("InternalImportsByDefault"),
        .treatAllWarnings(as: .error),
    ] + sanitizerSettings

let package = Package(
    name: "gatehouse",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "gatehouse", targets: ["gatehouse"]),
        .library(name: "GatehouseCore", targets: ["GatehouseCore"]),
        .library(name: "GatehouseCrypto", targets: ["GatehouseCrypto"]),
        .library(name: "SigV4", targets: ["SigV4"]),
        .library(name: "IAMPolicy", targets: ["IAMPolicy"]),
        .library(name: "IAMPolicyYAML", targets: ["IAMPolicyYAML"]),
        .library(name: "Authorizers", targets: ["Authorizers"]),
        .library(name: "GatehouseStore", targets: ["GatehouseStore"]),
        .library(name: "GatewayConfig", targets: ["GatewayConfig"]),
        .library(name: "AccessLayer", targets: ["AccessLayer"]),
        .library(name: "Gateway", targets: ["Gateway"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // SQLite for the state store (WAL, migrations, one writer); links the system libsqlite3.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // OpenAPI 3.0/3.1 documents for the gateway's import; its default `ExternalLoading` trait
        // (remote `$ref`s, slower to build) is off: imports never fetch.
        .package(url: "https://github.com/mattpolzin/OpenAPIKit", from: "6.4.0", traits: []),
        // The gateway's server: Hummingbird 2 on SwiftNIO, run and drained by ServiceLifecycle.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // TLS for `serve --tls-cert/--tls-key` (HummingbirdHTTP2 negotiates h2 or HTTP/1.1 by
        // ALPN over it). AsyncHTTPClient already builds both; named here to import NIOSSL.
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // MARK: C libraries, each wrapped exactly once (by GatehouseCrypto).
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "CJWT",
            pkgConfig: "libjwt",
            providers: [.apt(["libjwt-dev"])]
        ),

        // MARK: Libraries
        // The vocabulary every access-layer module speaks: JSON, time, denials, principals.
        // Pure Swift, no dependencies, so every other module can sit on it.
        .target(
            name: "GatehouseCore",
            swiftSettings: strictSettings + [.strictMemorySafety()]
        ),
        .target(
            name: "GatehouseCrypto",
            dependencies: ["GatehouseCore", "COpenSSL", "CJWT"],
            swiftSettings: strictSettings + [.strictMemorySafety()]
        ),
        // Runs other programs (authorizer commands, credential_process): own process group,
        // deadline, output cap. Its own module because both SigV4 and Authorizers need it and
        // neither depends on the other; it is not cryptography, so not GatehouseCrypto.
        .target(
            name: "GatehouseProcess",
            swiftSettings: strictSettings + [.strictMemorySafety()]
        ),
        .target(
            name: "SigV4",
            dependencies: [
                "GatehouseCore",
                "GatehouseCrypto",
                "GatehouseProcess",
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strictSettings + [.strictMemorySafety()]
        ),
        .target(
            name: "IAMPolicy",
            dependencies: ["GatehouseCore"],
            swiftSettings: strictSettings + [.strictMemorySafety()]
        ),
        // YAML policy documents, kept apart so IAMPolicy stays free of C and Foundation.
        .target(
            name: "IAMPolicyYAML",
            dependencies: ["GatehouseCore", "IAMPolicy", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings
        ),

        .target(
            name: "Authorizers",
            dependencies: [
                "GatehouseCore",
                "GatehouseCrypto",
                "GatehouseProcess",
                "IAMPolicy",
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strictSettings + [.strictMemorySafety()]
        ),

        // The gateway's model of APIs and stages, its loaders (own YAML/JSON, OpenAPI import and
        // export) and the compiled routing table. No Hummingbird or NIO: the server sits above it.
        .target(
            name: "GatewayConfig",
            dependencies: [
                "GatehouseCore",
                "IAMPolicy",
                "IAMPolicyYAML",
                .product(name: "Yams", package: "Yams"),
                .product(name: "OpenAPIKit", package: "OpenAPIKit"),
                .product(name: "OpenAPIKit30", package: "OpenAPIKit"),
                .product(name: "OpenAPIKitCompat", package: "OpenAPIKit"),
            ],
            swiftSettings: strictSettings
        ),

        // Principals, keys, policies, role sessions and API ids behind protocols, with SQLite
        // (GRDB) as the embedded default; a SigV4 credential store over it that sees other
        // processes' changes within a second.
        .target(
            name: "GatehouseStore",
            dependencies: [
                "GatehouseCore",
                "GatehouseCrypto",
                "IAMPolicy",
                "SigV4",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),

        // The server behind `gatehouse serve`: one `buildApplication`, invoke-URL resolution over the
        // compiled routing tables, integrations (MOCK, HTTP/HTTP_PROXY over AsyncHTTPClient,
        // AWS_PROXY through the function runners), gateway responses, CORS, access log.
        .target(
            name: "Gateway",
            dependencies: [
                "AccessLayer",
                "GatehouseCore",
                "GatehouseCrypto",
                "GatewayConfig",
                "GatehouseStore",
                "Authorizers",
                "IAMPolicy",
                "SigV4",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdHTTP2", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),

        // The composition API Gateway's authorization makes of the libraries above: resource
        // policy, SigV4 + IAM, Lambda and JWT authorizers, then the steps (API keys, usage plans)
        // that plug in after them. Framework-agnostic: no Hummingbird, NIO or GatewayConfig.
        .target(
            name: "AccessLayer",
            dependencies: [
                "GatehouseCore",
                "SigV4",
                "IAMPolicy",
                "Authorizers",
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: Benchmarks
        // The workloads and the timing loop behind `gatehouse bench`: internal to the package (no
        // product), so the hooks the benchmarks reach are `package` API, never public.
        .target(
            name: "GatehouseBenchmarks",
            dependencies: [
                "GatehouseCore",
                "GatehouseCrypto",
                "SigV4",
                "IAMPolicy",
                "Authorizers",
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strictSettings + [.strictMemorySafety()]
        ),

        // MARK: The command-line tool
        .executableTarget(
            name: "gatehouse",
            dependencies: [
                "GatehouseCore",
                "GatehouseCrypto",
                "GatehouseProcess",
                "SigV4",
                "IAMPolicy",
                "IAMPolicyYAML",
                "Authorizers",
                "GatehouseBenchmarks",
                "GatehouseStore",
                "GatewayConfig",
                "Gateway",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: Tests
        // Helpers shared by the test targets (a seeded random stream for fuzz and property tests).
        .target(
            name: "TestSupport",
            dependencies: ["GatehouseCrypto"],
            path: "Tests/TestSupport",
            swiftSettings: strictSettings,
            linkerSettings: sanitizerLinking
        ),
        .testTarget(
            name: "GatehouseCoreTests",
            dependencies: ["GatehouseCore", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "GatehouseCryptoTests",
            dependencies: ["GatehouseCrypto", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "GatehouseProcessTests",
            dependencies: ["GatehouseProcess", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "IAMPolicyTests",
            dependencies: ["GatehouseCore", "IAMPolicy", "IAMPolicyYAML", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AuthorizersTests",
            dependencies: [
                "Authorizers", "GatehouseCore", "GatehouseCrypto", "IAMPolicy", "IAMPolicyYAML", "TestSupport",
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "GatewayConfigTests",
            dependencies: ["GatewayConfig", "GatehouseCore", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "GatewayTests",
            dependencies: [
                "Gateway", "GatewayConfig", "GatehouseCore", "TestSupport", "Authorizers",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "GatehouseStoreTests",
            dependencies: ["GatehouseStore", "GatehouseCore", "GatehouseCrypto", "IAMPolicy", "SigV4", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AccessLayerTests",
            dependencies: [
                "AccessLayer", "Authorizers", "GatehouseCore", "GatehouseCrypto", "IAMPolicy", "SigV4", "TestSupport",
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "GatehouseBenchmarksTests",
            dependencies: ["GatehouseBenchmarks"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SigV4Tests",
            dependencies: [
                "SigV4", "GatehouseCore", "GatehouseCrypto", "TestSupport",
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strictSettings
        ),
    ]
)
