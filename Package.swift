// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Slipway",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "slipway", targets: ["slipway"]),
        .executable(name: "bootstrap", targets: ["bootstrap"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // SHA-256, HMAC and MD5 are its own (Sources/AWSSigV4/SHA256.swift, MD5.swift): swift-crypto
        // would build a second BoringSSL beside the one AsyncHTTPClient's TLS brings.
        .target(name: "AWSSigV4"),
        .target(name: "AWSCore", dependencies: [
            "AWSSigV4",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        // The services the deployer calls (ECS, S3, CodePipeline) are a target of their own, so
        // that the deployer's binary carries only their shapes; AWSServices re-exports them.
        .target(name: "AWSDeployServices", dependencies: ["AWSCore", "AWSSigV4"]),
        .target(name: "AWSServices", dependencies: ["AWSCore", "AWSDeployServices", "AWSSigV4"]),
        .target(name: "SlipwayConfig", dependencies: ["Yams"]),
        // The deployer's parameters: what apply writes and the deployer reads, defined once.
        .target(name: "DeployerInterface", dependencies: ["AWSCore"]),
        .target(name: "SlipwayEngine", dependencies: ["AWSCore", "AWSServices", "AWSSigV4", "DeployerInterface", "SlipwayConfig"]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .target(name: "Deployer", dependencies: [
            "AWSCore", "AWSDeployServices", "AWSSigV4", "CZlib", "DeployerInterface",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "CDeployerCompat", linkerSettings: [.linkedLibrary("m")]),
        .executableTarget(name: "bootstrap", dependencies: ["Deployer", "CDeployerCompat"]),
        // The command-line program: its commands and rendering in a library that tests link,
        // the executable only calls it.
        .target(name: "SlipwayCLI", dependencies: [
            "AWSCore", "AWSServices", "SlipwayConfig", "SlipwayEngine",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        ]),
        .executableTarget(name: "slipway", dependencies: ["SlipwayCLI"]),
        .target(name: "SlipwayTestSupport", dependencies: ["AWSServices", "AWSSigV4"], path: "Tests/SlipwayTestSupport"),
        .testTarget(name: "AWSSigV4Tests", dependencies: ["AWSSigV4"]),
        .testTarget(name: "AWSCoreTests", dependencies: ["AWSCore", "AWSSigV4", "SlipwayTestSupport"]),
        .testTarget(name: "AWSServicesTests", dependencies: ["AWSDeployServices", "AWSServices", "AWSSigV4", "SlipwayTestSupport"]),
        .testTarget(name: "SlipwayConfigTests", dependencies: ["SlipwayConfig", "SlipwayTestSupport"]),
        .testTarget(name: "SlipwayEngineTests", dependencies: ["AWSSigV4", "DeployerInterface", "SlipwayEngine", "SlipwayTestSupport"]),
        .testTarget(name: "SlipwayCLITests", dependencies: ["SlipwayCLI", "SlipwayEngine", "SlipwayTestSupport"]),
        .testTarget(name: "DeployerTests", dependencies: [
            "AWSServices", "AWSSigV4", "Deployer", "DeployerInterface", "SlipwayTestSupport", "CZlib",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
    ]
)
