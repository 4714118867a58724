// swift-tools-version:6.0
import PackageDescription

/// The executables: (product name, library target, folder under Services/).
let services: [(product: String, library: String, folder: String)] = [
    ("loyalty", "Loyalty", "loyalty"),
    ("code-inventory", "CodeInventory", "code-inventory"),
    ("claimer", "Claimer", "claimer"),
    ("markets", "Markets", "markets"),
    ("scheduler", "Scheduler", "scheduler"),
]

let log: Target.Dependency = .product(name: "Logging", package: "swift-log")

var targets: [Target] = [
    // C libraries, each wrapped once.
    .systemLibrary(
        name: "CNanomsg",
        path: "Shared/CNanomsg",
        pkgConfig: "nanomsg",
        providers: [.apt(["libnanomsg-dev"])]
    ),
    .systemLibrary(
        name: "CProtobufC",
        path: "Shared/CProtobufC",
        pkgConfig: "libprotobuf-c",
        providers: [.apt(["libprotobuf-c-dev"])]
    ),
    .systemLibrary(
        name: "CLibpq",
        path: "Shared/CLibpq",
        pkgConfig: "libpq",
        providers: [.apt(["libpq-dev"])]
    ),
    .target(
        name: "CProto",
        dependencies: ["CProtobufC"],
        path: "Shared/CProto",
        cSettings: [.headerSearchPath("include")]
    ),

    // Swift libraries every executable uses.
    .target(name: "ProtoBridge", dependencies: ["CProtobufC", "CProto"], path: "Shared/ProtoBridge"),
    .target(name: "Contracts", dependencies: ["ProtoBridge", "CProto", "CProtobufC"], path: "Shared/Contracts"),
    .target(
        name: "Bus",
        dependencies: [
            "CNanomsg", "ProtoBridge", "Contracts", log,
            .product(name: "Atomics", package: "swift-atomics"),
        ],
        path: "Shared/Bus"
    ),
    .target(
        name: "Store",
        dependencies: [
            "CLibpq", log,
            .product(name: "NIOPosix", package: "swift-nio"),
        ],
        path: "Shared/Store"
    ),
    .target(
        name: "ServiceKit",
        dependencies: [
            "Bus", "Store", "ProtoBridge", "Contracts", log,
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ],
        path: "Shared/ServiceKit",
        resources: [.copy("Migrations")]
    ),

    // The gateway.
    .target(
        name: "Gateway",
        dependencies: [
            "ServiceKit", "Bus", "ProtoBridge", "Contracts", log,
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "JWTKit", package: "jwt-kit"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Mustache", package: "swift-mustache"),
        ],
        path: "Services/gateway/Sources",
        // The web pages: Mustache templates, and the static files (ES modules, CSS, string tables).
        resources: [.copy("Ports/Web/Templates"), .copy("Ports/Web/Static")]
    ),
    .executableTarget(
        name: "GatewayMain",
        dependencies: ["Gateway", "ServiceKit"],
        path: "Services/gateway/Main"
    ),

    // The pos-agent (one per shop till, next to 1C).
    .target(
        name: "PosAgent",
        dependencies: [
            log,
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ],
        path: "Services/pos-agent/Sources"
    ),
    .executableTarget(name: "PosAgentMain", dependencies: ["PosAgent", log], path: "Services/pos-agent/Main"),

    // Tests.
    .target(name: "TestSupport", dependencies: ["Store", "ServiceKit", "Bus", "Contracts", log], path: "Tests/TestSupport"),
    .testTarget(
        name: "ProtoBridgeTests",
        dependencies: ["ProtoBridge", "CProto", "Contracts"],
        path: "Tests/ProtoBridgeTests",
        resources: [.copy("Fixtures")]
    ),
    .testTarget(name: "BusTests", dependencies: ["Bus", "ProtoBridge", "Contracts", "TestSupport", log], path: "Tests/BusTests"),
    .testTarget(name: "StoreTests", dependencies: ["Store", "TestSupport"], path: "Tests/StoreTests"),
    .testTarget(
        name: "ServiceKitTests",
        dependencies: [
            "ServiceKit", "Store", "Bus", "Contracts", "TestSupport", log,
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ],
        path: "Tests/ServiceKitTests"
    ),
    .testTarget(
        name: "GatewayTests",
        dependencies: [
            "Gateway", "ServiceKit", "Bus", "Contracts", "TestSupport", log,
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "JWTKit", package: "jwt-kit"),
            .product(name: "Crypto", package: "swift-crypto"),
        ],
        path: "Tests/GatewayTests"
    ),
    .testTarget(
        name: "EndToEndTests",
        dependencies: [
            "Bus", "Contracts", "Store", "TestSupport", log, .product(name: "JWTKit", package: "jwt-kit"),
            .product(name: "Crypto", package: "swift-crypto"),
        ],
        path: "Tests/EndToEndTests"
    ),
    .testTarget(
        name: "PosAgentTests",
        dependencies: [
            "PosAgent", "TestSupport", log,
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ],
        path: "Tests/PosAgentTests"
    ),
    .testTarget(
        name: "ContractTests",
        dependencies: [
            "Loyalty", "CodeInventory", "Claimer", "Markets", "Scheduler", "Gateway", "ServiceKit", "Bus", "Contracts", log,
        ],
        path: "Tests/ContractTests"
    ),
    .testTarget(
        name: "CodeInventoryTests",
        dependencies: [
            "CodeInventory", "Gateway", "ServiceKit", "Store", "Bus", "Contracts", "ProtoBridge", "TestSupport", log,
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "JWTKit", package: "jwt-kit"),
        ],
        path: "Tests/CodeInventoryTests"
    ),

    .testTarget(
        name: "MarketsTests",
        dependencies: [
            "Markets", "CodeInventory", "Gateway", "ServiceKit", "Store", "Bus", "Contracts", "ProtoBridge", "TestSupport", log,
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "JWTKit", package: "jwt-kit"),
        ],
        path: "Tests/MarketsTests"
    ),
    .testTarget(
        name: "SchedulerTests",
        dependencies: [
            "Scheduler", "Gateway", "ServiceKit", "Store", "Bus", "Contracts", "ProtoBridge", "TestSupport", log,
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "JWTKit", package: "jwt-kit"),
        ],
        path: "Tests/SchedulerTests"
    ),
    .testTarget(
        name: "LoyaltyTests",
        dependencies: [
            "Loyalty", "Gateway", "ServiceKit", "Store", "Bus", "Contracts", "ProtoBridge", "TestSupport", log,
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "JWTKit", package: "jwt-kit"),
            .product(name: "Crypto", package: "swift-crypto"),
        ],
        path: "Tests/LoyaltyTests"
    ),
    .testTarget(
        name: "ClaimerTests",
        dependencies: [
            "Claimer", "CodeInventory", "Gateway", "ServiceKit", "Store", "Bus", "Contracts", "ProtoBridge", "TestSupport", log,
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "JWTKit", package: "jwt-kit"),
            .product(name: "NIOCore", package: "swift-nio"),
        ],
        path: "Tests/ClaimerTests"
    ),

    // Benchmarks (`make bench`).
    .executableTarget(
        name: "PlatformBench",
        dependencies: ["Bus", "ServiceKit", "ProtoBridge", "Contracts", log],
        path: "Tests/Benchmarks"
    ),
    .executableTarget(
        name: "CodeInventoryBench",
        dependencies: [
            "Bus", "Contracts", log,
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "JWTKit", package: "jwt-kit"),
        ],
        path: "Tests/CodeInventoryBench"
    ),
    .executableTarget(
        name: "SchedulerBench",
        dependencies: [
            "Scheduler", "ServiceKit", "Store", "Bus", "Contracts", log,
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ],
        path: "Tests/SchedulerBench"
    ),
]

var products: [Product] = [
    .executable(name: "gateway", targets: ["GatewayMain"]),
    .executable(name: "pos-agent", targets: ["PosAgentMain"]),
    .executable(name: "platform-bench", targets: ["PlatformBench"]),
    .executable(name: "code-inventory-bench", targets: ["CodeInventoryBench"]),
    .executable(name: "scheduler-bench", targets: ["SchedulerBench"]),
]

/// What each service library imports beyond the shared libraries, and nothing more.
let serviceDependencies: [String: [Target.Dependency]] = [
    "Loyalty": [.product(name: "Crypto", package: "swift-crypto")],
    "CodeInventory": [.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
    "Claimer": [
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
    ],
    "Markets": [
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "CryptoExtras", package: "swift-crypto"),
        .product(name: "JWTKit", package: "jwt-kit"),
        .product(name: "NIOCore", package: "swift-nio"),
    ],
    "Scheduler": [.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
]

for service in services {
    targets.append(
        .target(
            name: service.library,
            dependencies: ["ServiceKit", "Store", "Bus", "ProtoBridge", "Contracts", log] + serviceDependencies[service.library, default: []],
            path: "Services/\(service.folder)/Sources",
            // markets also bundles its fixture source (Gamma-shaped markets for runs without internet).
            resources: service.library == "Markets" ? [.copy("Migrations"), .copy("Fixtures")] : [.copy("Migrations")]
        )
    )
    // The claimer's executable also has maintenance commands (rotate-key, generate-key).
    let commandLine: [Target.Dependency] =
        service.library == "Claimer"
        ? ["Store", log, .product(name: "ArgumentParser", package: "swift-argument-parser")] : []
    targets.append(
        .executableTarget(
            name: "\(service.library)Main",
            dependencies: [.target(name: service.library), "ServiceKit"] + commandLine,
            path: "Services/\(service.folder)/Main"
        )
    )
    products.append(.executable(name: service.product, targets: ["\(service.library)Main"]))
}

let package = Package(
    name: "platform",
    platforms: [.macOS(.v15)],
    products: products,
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-atomics", from: "1.2.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.5.0"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", "4.0.0"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.30.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: targets
)

// Every Swift target of ours: `any` spelled out for existentials (SE-0335).
for index in package.targets.indices where package.targets[index].type != .system && package.targets[index].name != "CProto" {
    package.targets[index].swiftSettings = (package.targets[index].swiftSettings ?? []) + [.enableUpcomingFeature("ExistentialAny")]
}
