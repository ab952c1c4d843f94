// swift-tools-version: 6.2
//
// swift-netlink: the Linux netlink protocol (netlink(7)) for Swift.
//
// Layers (see README.md):
//   NetlinkCore        bytes only, no system calls: header, flags, messages, attributes, builder, errors
//   NetlinkTestSupport a fake kernel transport for tests without privileges
//   CNetlinkShim       private C target: UAPI headers for the conformance tests (never in a public signature)
import PackageDescription

let lifetimes: [SwiftSetting] = [
    .enableExperimentalFeature("Lifetimes"),
    .swiftLanguageMode(.v6),
]

let package = Package(
    name: "swift-netlink",
    products: [
        .library(name: "NetlinkCore", targets: ["NetlinkCore"]),
        .library(name: "Netlink", targets: ["Netlink"]),
        .library(name: "NetlinkRoute", targets: ["NetlinkRoute"]),
        .library(name: "NetlinkGeneric", targets: ["NetlinkGeneric"]),
        .library(name: "NetlinkSockDiag", targets: ["NetlinkSockDiag"]),
        .library(name: "NetlinkUevent", targets: ["NetlinkUevent"]),
        .library(name: "NetlinkAudit", targets: ["NetlinkAudit"]),
        .library(name: "NetlinkSELinux", targets: ["NetlinkSELinux"]),
        .library(name: "NetlinkConnector", targets: ["NetlinkConnector"]),
        .library(name: "NetlinkTestSupport", targets: ["NetlinkTestSupport"]),
        .executable(name: "nlctl", targets: ["nlctl"]),
        .executable(name: "nllinks", targets: ["nllinks"]),
        .executable(name: "nldecode", targets: ["nldecode"]),
        .executable(name: "nlbench", targets: ["nlbench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        // `swift package generate-documentation` (the DocC catalogs under Sources/*/X.docc).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .target(
            name: "NetlinkCore",
            dependencies: [.product(name: "SystemPackage", package: "swift-system")],
            swiftSettings: lifetimes
        ),
        .target(
            name: "Netlink",
            dependencies: ["NetlinkCore", "CNetlinkShim", .product(name: "SystemPackage", package: "swift-system")],
            swiftSettings: lifetimes
        ),
        .target(
            name: "NetlinkRoute",
            dependencies: ["Netlink", "NetlinkCore", "CNetlinkShim"],
            swiftSettings: lifetimes
        ),
        .target(
            name: "NetlinkGeneric",
            dependencies: ["Netlink", "NetlinkCore"],
            swiftSettings: lifetimes
        ),
        .target(
            name: "NetlinkSockDiag",
            dependencies: ["Netlink", "NetlinkCore"],
            swiftSettings: lifetimes
        ),
        .target(
            name: "NetlinkUevent",
            dependencies: ["Netlink", "NetlinkCore"],
            swiftSettings: lifetimes
        ),
        .target(
            name: "NetlinkAudit",
            dependencies: ["Netlink", "NetlinkCore"],
            swiftSettings: lifetimes
        ),
        .target(
            name: "NetlinkSELinux",
            dependencies: ["Netlink", "NetlinkCore"],
            swiftSettings: lifetimes
        ),
        .target(
            name: "NetlinkConnector",
            dependencies: ["Netlink", "NetlinkCore", .product(name: "SystemPackage", package: "swift-system")],
            swiftSettings: lifetimes
        ),
        .target(
            name: "NetlinkTestSupport",
            dependencies: ["NetlinkCore", "CNetlinkShim", .product(name: "SystemPackage", package: "swift-system")],
            swiftSettings: lifetimes
        ),
        .target(name: "CNetlinkShim"),
        .executableTarget(
            name: "nlctl",
            dependencies: [
                "Netlink", "NetlinkCore", "NetlinkRoute", "NetlinkGeneric", "NetlinkSockDiag", "NetlinkUevent", "NetlinkAudit",
                "NetlinkConnector",
            ],
            // Release builds leave out the run-time exclusivity checks of nlctl's own code (its
            // output buffer and printer are classes written many times a line: measured 6% of a
            // batch line's user time); debug builds, which every test runs, keep them.
            swiftSettings: lifetimes + [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))],
            // Release builds link the Swift runtime and standard library statically: nothing to load
            // at start-up, and the runtime's calls and thread-local accesses without PLT or
            // __tls_get_addr (each line of a batch pays them).
            linkerSettings: [.unsafeFlags(["-static-stdlib", "-Xlinker", "--no-export-dynamic"], .when(configuration: .release))]
        ),
        .executableTarget(
            name: "nllinks",
            dependencies: ["Netlink", "NetlinkRoute"],
            swiftSettings: lifetimes
        ),
        .executableTarget(
            name: "nldecode",
            dependencies: ["NetlinkCore"],
            swiftSettings: lifetimes
        ),
        .executableTarget(
            name: "nlbench",
            dependencies: ["Netlink", "NetlinkCore", "NetlinkRoute", "NetlinkGeneric", "NetlinkSockDiag", "NetlinkUevent"],
            swiftSettings: lifetimes
        ),
        // netlink(7)'s three EXAMPLES in Swift (listen to groups, send with an acknowledgement, the
        // receive loop): built with the package, run in private namespaces by ExampleTests.
        .executableTarget(
            name: "netlink7-listen", dependencies: ["Netlink", "NetlinkCore", "NetlinkRoute"],
            path: "Examples/Netlink7Listen", swiftSettings: lifetimes
        ),
        .executableTarget(
            name: "netlink7-ack", dependencies: ["Netlink", "NetlinkCore", "NetlinkRoute"],
            path: "Examples/Netlink7Ack", swiftSettings: lifetimes
        ),
        .executableTarget(
            name: "netlink7-receive", dependencies: ["Netlink", "NetlinkCore", "NetlinkRoute"],
            path: "Examples/Netlink7Receive", swiftSettings: lifetimes
        ),
        // The kernel feature probes every test target shares (Tests/KernelFeatures): a library target
        // kept beside the tests, not a product.
        .target(
            name: "KernelFeatures",
            dependencies: ["Netlink", "NetlinkCore", "NetlinkRoute", .product(name: "SystemPackage", package: "swift-system")],
            path: "Tests/KernelFeatures",
            swiftSettings: lifetimes
        ),
        .testTarget(
            name: "NetlinkCoreTests",
            dependencies: ["NetlinkCore", "NetlinkTestSupport"],
            resources: [.copy("Corpus")],
            swiftSettings: lifetimes
        ),
        .testTarget(
            name: "NetlinkTests",
            dependencies: ["Netlink", "NetlinkCore", "NetlinkRoute", "CNetlinkShim", "NetlinkTestSupport", "KernelFeatures", .product(name: "SystemPackage", package: "swift-system")],
            swiftSettings: lifetimes
        ),
        .testTarget(
            name: "NetlinkRouteTests",
            dependencies: ["Netlink", "NetlinkCore", "NetlinkRoute", "NetlinkTestSupport", "CNetlinkShim", "KernelFeatures", .product(name: "SystemPackage", package: "swift-system")],
            swiftSettings: lifetimes
        ),
        .testTarget(
            name: "NetlinkGenericTests",
            dependencies: ["Netlink", "NetlinkCore", "NetlinkGeneric", "NetlinkRoute", "NetlinkTestSupport", "KernelFeatures", .product(name: "SystemPackage", package: "swift-system")],
            swiftSettings: lifetimes
        ),
        .testTarget(
            name: "NlctlTests",
            dependencies: ["nlctl", "NetlinkCore", "CNetlinkShim", "KernelFeatures"],
            swiftSettings: lifetimes
        ),
        .testTarget(
            name: "ExampleTests",
            dependencies: ["netlink7-listen", "netlink7-ack", "netlink7-receive", "KernelFeatures"],
            swiftSettings: lifetimes
        ),
        .testTarget(
            name: "NetlinkSockDiagTests",
            dependencies: ["Netlink", "NetlinkCore", "NetlinkSockDiag", "NetlinkRoute", "NetlinkTestSupport", "KernelFeatures", .product(name: "SystemPackage", package: "swift-system")],
            swiftSettings: lifetimes
        ),
        .testTarget(
            name: "NetlinkUeventTests",
            dependencies: ["Netlink", "NetlinkCore", "NetlinkUevent", "NetlinkRoute", "KernelFeatures"],
            swiftSettings: lifetimes
        ),
        .testTarget(
            name: "NetlinkAuditTests",
            dependencies: ["Netlink", "NetlinkCore", "NetlinkAudit", "NetlinkSELinux", "NetlinkTestSupport", "KernelFeatures"],
            swiftSettings: lifetimes
        ),
        .testTarget(
            name: "NetlinkSELinuxTests",
            dependencies: ["Netlink", "NetlinkCore", "NetlinkSELinux", "NetlinkTestSupport", "KernelFeatures"],
            swiftSettings: lifetimes
        ),
        .testTarget(
            name: "NetlinkConnectorTests",
            dependencies: ["Netlink", "NetlinkCore", "NetlinkConnector", "NetlinkTestSupport", "KernelFeatures"],
            swiftSettings: lifetimes
        ),
        .testTarget(
            name: "NetlinkTestSupportTests",
            dependencies: ["NetlinkCore", "NetlinkTestSupport", "KernelFeatures"],
            swiftSettings: lifetimes
        ),
        .testTarget(
            name: "NetlinkConformanceTests",
            dependencies: ["NetlinkCore", "Netlink", "NetlinkRoute", "NetlinkGeneric", "NetlinkSockDiag", "NetlinkAudit", "NetlinkSELinux", "NetlinkConnector", "CNetlinkShim"],
            swiftSettings: lifetimes
        ),
    ]
)
