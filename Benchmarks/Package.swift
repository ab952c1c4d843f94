// swift-tools-version: 6.2
//
// Benchmarks for swift-netlink, kept in their own package so that the library's dependency graph
// stays small. See README.md for how to run them and the figures measured.
import PackageDescription

let package = Package(
    name: "swift-netlink-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "swift-netlink", path: ".."),
        // The MallocInterposer trait provides the malloc counters (mallocCountTotal, ...) on Swift 6.3+;
        // naming it also leaves the RuntimeInterposer default trait off (ARC counters are not needed here).
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "NetlinkParsing",
            dependencies: [
                .product(name: "NetlinkCore", package: "swift-netlink"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/NetlinkParsing",
            swiftSettings: [
                .enableExperimentalFeature("Lifetimes"),
                .swiftLanguageMode(.v6),
            ],
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),
        .executableTarget(
            name: "NetlinkKernel",
            dependencies: [
                .product(name: "Netlink", package: "swift-netlink"),
                .product(name: "NetlinkCore", package: "swift-netlink"),
                .product(name: "NetlinkRoute", package: "swift-netlink"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/NetlinkKernel",
            swiftSettings: [
                .enableExperimentalFeature("Lifetimes"),
                .swiftLanguageMode(.v6),
            ],
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),
    ]
)
