// swift-tools-version: 6.2
//
// Fuzz targets for swift-netlink (libFuzzer), in a package of their own so the library's graph
// stays small. Run them with `scripts/fuzz.sh` from the repository root; it builds with
//
//   swift build -c debug --sanitize=fuzzer --sanitize=address --package-path FuzzTesting
//
// Each executable target holds only an `LLVMFuzzerTestOneInput` function: libFuzzer brings `main`.
// (Do not build with `-Xswiftc -sanitize=fuzzer`: SwiftPM's `main` then hides libFuzzer's and the
// binary exits 0 without fuzzing.) The properties live in `FuzzChecks`, which the main package's
// tests also compile, through the symlink `Tests/NetlinkCoreTests/FuzzChecks`, to replay the corpus;
// those of the rtnetlink decoders in `RouteFuzzChecks` (symlink `Tests/NetlinkRouteTests/RouteFuzzChecks`).
import PackageDescription

let settings: [SwiftSetting] = [
    .enableExperimentalFeature("Lifetimes"),
    .swiftLanguageMode(.v6),
]

let package = Package(
    name: "swift-netlink-fuzz",
    dependencies: [
        .package(name: "swift-netlink", path: ".."),
    ],
    targets: [
        // The decoder choice and the trap on a failed property, shared by FuzzRoute, FuzzGeneric and FuzzSockDiag.
        .target(name: "FuzzDriver", swiftSettings: settings),
        .target(
            name: "FuzzChecks",
            dependencies: [.product(name: "NetlinkCore", package: "swift-netlink")],
            swiftSettings: settings
        ),
        .executableTarget(name: "FuzzMessages", dependencies: ["FuzzChecks"], swiftSettings: settings),
        .executableTarget(name: "FuzzAttributes", dependencies: ["FuzzChecks"], swiftSettings: settings),
        .executableTarget(name: "FuzzErrors", dependencies: ["FuzzChecks"], swiftSettings: settings),
        .target(
            name: "RouteFuzzChecks",
            dependencies: [
                .product(name: "NetlinkCore", package: "swift-netlink"),
                .product(name: "NetlinkRoute", package: "swift-netlink"),
            ],
            swiftSettings: settings
        ),
        // One executable for every rtnetlink decoder: `FuzzRoute --decoder=link` (or
        // FUZZ_ROUTE_DECODER=link); see RouteFuzzChecks.Decoder.
        .executableTarget(name: "FuzzRoute", dependencies: ["RouteFuzzChecks", "FuzzDriver"], swiftSettings: settings),
        .target(
            name: "GenericFuzzChecks",
            dependencies: [
                .product(name: "NetlinkCore", package: "swift-netlink"),
                .product(name: "NetlinkGeneric", package: "swift-netlink"),
            ],
            swiftSettings: settings
        ),
        // One executable for the generic netlink decoders: `FuzzGeneric --decoder=family`.
        .executableTarget(name: "FuzzGeneric", dependencies: ["GenericFuzzChecks", "FuzzDriver"], swiftSettings: settings),
        .target(
            name: "SockDiagFuzzChecks",
            dependencies: [
                .product(name: "NetlinkCore", package: "swift-netlink"),
                .product(name: "NetlinkSockDiag", package: "swift-netlink"),
            ],
            swiftSettings: settings
        ),
        // One executable for the sock_diag decoders: `FuzzSockDiag --decoder=inet`.
        .executableTarget(name: "FuzzSockDiag", dependencies: ["SockDiagFuzzChecks", "FuzzDriver"], swiftSettings: settings),
        .target(
            name: "UeventFuzzChecks",
            dependencies: [.product(name: "NetlinkUevent", package: "swift-netlink")],
            swiftSettings: settings
        ),
        // Kernel uevent datagrams (NETLINK_KOBJECT_UEVENT): `Uevent(datagram:)`.
        .executableTarget(name: "FuzzUevent", dependencies: ["UeventFuzzChecks"], swiftSettings: settings),
        .target(
            name: "ConnectorFuzzChecks",
            dependencies: [.product(name: "NetlinkConnector", package: "swift-netlink"), .product(name: "NetlinkCore", package: "swift-netlink")],
            swiftSettings: settings
        ),
        .target(
            name: "AuditFuzzChecks",
            dependencies: [
                .product(name: "NetlinkAudit", package: "swift-netlink"), .product(name: "NetlinkSELinux", package: "swift-netlink"),
                .product(name: "NetlinkCore", package: "swift-netlink"),
            ],
            swiftSettings: settings
        ),
        // Audit and SELinux datagrams: `AuditStatus`, `AuditFeatures`, `AuditRule`, `AuditRecord`, `SELinuxEvent`.
        .executableTarget(name: "FuzzAudit", dependencies: ["AuditFuzzChecks"], swiftSettings: settings),
        // Connector datagrams (NETLINK_CONNECTOR): `ConnectorMessage`, `ProcessEvent(decoding:)`.
        .executableTarget(name: "FuzzConnector", dependencies: ["ConnectorFuzzChecks"], swiftSettings: settings),
        // nlctl's argument and batch parser on a fake kernel: the folders Shared/, IP/, GENL/, ETHTOOL/, SS/, FIB/, UDEVADM/, AUDITCTL/ and RAW/ are
        // symlinks to Sources/nlctl (everything but the @main of NLCtl.swift).
        .executableTarget(
            name: "FuzzNlctl",
            dependencies: [
                .product(name: "NetlinkCore", package: "swift-netlink"),
                .product(name: "Netlink", package: "swift-netlink"),
                .product(name: "NetlinkRoute", package: "swift-netlink"),
                .product(name: "NetlinkGeneric", package: "swift-netlink"),
                .product(name: "NetlinkSockDiag", package: "swift-netlink"),
                .product(name: "NetlinkUevent", package: "swift-netlink"),
                .product(name: "NetlinkAudit", package: "swift-netlink"),
                .product(name: "NetlinkConnector", package: "swift-netlink"),
                .product(name: "NetlinkTestSupport", package: "swift-netlink"),
            ],
            swiftSettings: settings
        ),
    ]
)
