import Glibc
import KernelFeatures
import NetlinkCore
import NetlinkRoute
import NetlinkTestSupport
import Testing
@testable import nlctl

/// `nlctl link xstats` and `link afstats` against ip 6.1: a bridge and its port read by both tools
/// in one namespace (with IGMP and MLD reports counted by the bridge's snooping), every option and
/// refusal; bonds and MPLS, which this kernel lacks, from golden `RTM_NEWSTATS` replies of a fake
/// kernel against the text ip 6.1's printers (`bond_print_3ad_stats`, `print_mpls_link_stats`)
/// produce for them — ip itself cannot be pointed at a fake kernel, and its bond printer overruns
/// its stack on this kernel as soon as a bridge exists (`*** stack smashing detected ***`).
@Suite("nlctl link xstats and afstats", .serialized)
struct LinkXstatsTests {
    @Test(.enabled(if: NamespaceAccess.available, NamespaceAccess.reason))
    func bridgeSameAsIP() async throws {
        let namespace = try ScratchNamespace()
        try await makeBridgeWithCountedJoin(namespace, extra: ["link add br1 type bridge"])
        let commands = [
            "link xstats type bridge", "-j link xstats type bridge", "-j -p link xstats type bridge_slave", "link xstats type bridge_slave",
            "link xstats type bridge_slave stp", "link xstats type bridge igmp", "link xstats type bridge mcast dev br0",
            "link xstats type bridge_slave stp dev va", "-o link xstats type bridge", "link x type bridge_slave mcast",
            "link xstats type bridge dev nope", "link xstats type bridge dev va", "link xstats type bridge frob", "link xstats type bridge help",
            "link xstats type bridge_slave help", "link xstats type bond help", "link xstats type veth", "link xstats type frob",
            "link xstats", "link xstats frob", "link xstats help", "link xstats type", "link xstats type bridge dev",
            "link afstats", "-j link afstats", "link afstats dev va", "link afstats dev nope", "link afstats frob",
            "link afstats dev va dev vb", "link afstats dev", "-M link afstats", "link af",
        ]
        for command in commands { try await expectSameAsIPSettling(command, in: namespace, object: "link") }
        // The join was counted (so the comparison above saw numbers other than 0).
        let port = await nlctl(["-n", namespace.name, "-j", "link", "xstats", "type", "bridge_slave", "igmp", "dev", "va"])
        #expect(!port.standardOutput.contains("\"igmp_reports\":{\"rx_v1\":0,\"rx_v2\":0,\"rx_v3\":0"), "\(port)")
    }

    // MARK: The fake kernel

    static func linkPayload(index: Int32, name: String) throws -> [UInt8] {
        var builder = NetlinkMessageBuilder()
        InterfaceInfoMessage(index: index).encode(into: &builder)
        try builder.appendAttribute(LinkAttribute.name, string: name)
        return builder.bytes
    }

    /// An RTM_NEWSTATS payload for `index` with one group attribute `type` whose payload `body` writes.
    static func statsPayload(index: UInt32, filter: LinkStatisticsFilter, type: UInt16, _ body: (inout NetlinkMessageBuilder) throws -> Void) throws -> [UInt8] {
        var builder = NetlinkMessageBuilder()
        LinkStatisticsMessage(index: index, filterMask: filter).encode(into: &builder)
        try builder.appendNested(type) { b in try body(&b) }
        return builder.bytes
    }

    static func kernel(links: [(Int32, String)], stats: [[UInt8]]) throws -> FakeNetlinkKernel {
        let kernel = FakeNetlinkKernel()
        let linkPayloads = try links.map { try linkPayload(index: $0.0, name: $0.1) }
        kernel.on(type: RouteMessageType.getLink) { _ in [.dump(type: RouteMessageType.newLink, payloads: linkPayloads)] }
        kernel.on(type: LinkStatisticsMessage.getStats) { _ in [.dump(type: LinkStatisticsMessage.newStats, payloads: stats)] }
        return kernel
    }

    /// Runs `nlctl ARGS` (ip's grammar) in process on `kernel`: status, standard output.
    /// (A kernel is made for each run: the connections closed after it close their transport.)
    static func inProcess(_ arguments: [String], kernel make: () throws -> FakeNetlinkKernel) async throws -> (Int32, String) {
        let kernel = try make()
        return await runInProcess(kernel: kernel) { output in
            await IPTool.run(arguments, options: ToolOptions(namespace: nil, json: false), output: output)
        }
    }

    /// A bond and a bond port with 802.3ad counters (BOND_XSTATS_3AD, u64 attributes from 0,
    /// LACPDU_RX, to 8, MARKER_UNKNOWN_RX; some absent), a bridge that the bond printer skips.
    @Test func bondFromGoldenBytes() async throws {
        let bond = try Self.statsPayload(index: 2, filter: .linkExtended, type: LinkStatisticsAttribute.linkExtended) { b in
            try b.appendNested(LinkExtendedStatisticsType.bond) { b in
                try b.appendNested(1) { b in   // BOND_XSTATS_3AD
                    for (type, value) in [(UInt16(0), UInt64(5)), (1, 6), (3, 7), (4, 8), (8, 12_345_678_901)] {
                        try b.appendAttribute(type, uint64: value, .host)
                    }
                }
            }
        }
        let bridge = try Self.statsPayload(index: 3, filter: .linkExtended, type: LinkStatisticsAttribute.linkExtended) { b in
            try b.appendNested(LinkExtendedStatisticsType.bridge) { b in
                try b.appendAttribute(BridgeExtendedStatisticsAttribute.multicast, bytes: BridgeMulticastStatistics().encoded)
            }
        }
        let kernel = { try Self.kernel(links: [(2, "bond0"), (3, "br0")], stats: [bond, bridge]) }
        let indent = String(repeating: " ", count: 20)
        let (status, text) = try await Self.inProcess(["link", "xstats", "type", "bond"], kernel: kernel)
        #expect(status == 0)
        #expect(text == "bond0           \n" + indent + "LACPDU Rx 5\n" + indent + "LACPDU Tx 6\n" + indent + "LACPDU Illegal Rx 7\n"
            + indent + "Marker Rx 8\n" + indent + "Marker unknown type Rx 12345678901\n", "\(text)")
        let (_, json) = try await Self.inProcess(["-j", "link", "xstats", "type", "bond_slave", "802.3ad", "dev", "bond0"], kernel: kernel)
        #expect(json == "[{\"ifname\":\"bond0\",\"802.3ad\":{\"lacpdu_rx\":5,\"lacpdu_tx\":6,\"lacpdu_illegal_rx\":7,\"marker_rx\":8,\"marker_unknown_rx\":12345678901}}]\n",
                "\(json)")
        let (_, bridgeText) = try await Self.inProcess(["link", "xstats", "type", "bridge", "stp"], kernel: kernel)
        #expect(bridgeText == "br0             \n", "a bridge without STP counters: its name only, as ip")
        // ip stats' bond suite: a record for every link, the counters where the link has them.
        let (_, stats) = try await Self.inProcess(["stats", "show", "group", "xstats", "subgroup", "bond"], kernel: kernel)
        #expect(stats == "2: bond0: group xstats subgroup bond suite 802.3ad\n" + indent + "LACPDU Rx 5\n" + indent + "LACPDU Tx 6\n"
            + indent + "LACPDU Illegal Rx 7\n" + indent + "Marker Rx 8\n" + indent + "Marker unknown type Rx 12345678901\n\n\n"
            + "3: br0: group xstats subgroup bond suite 802.3ad\n\n", "\(stats)")
    }

    /// MPLS per-link counters (`IFLA_STATS_AF_SPEC` → AF_MPLS → MPLS_STATS_LINK), the columns
    /// widened to the largest value, as ip 6.1 prints them; another family on standard error.
    @Test func mplsFromGoldenBytes() async throws {
        let counters: [UInt64] = [10, 20, 1000, 123_456_789_012, 1, 2, 3, 4, 5]   // rx/tx packets, bytes, errors, dropped; rx noroute
        let eth1 = try Self.statsPayload(index: 2, filter: .addressFamily, type: LinkStatisticsAttribute.addressFamily) { b in
            try b.appendNested(28) { b in   // AF_MPLS
                try b.appendAttribute(1, bytes: counters.flatMap { value in withUnsafeBytes(of: value) { Array($0) } })
            }
        }
        let kernel = { try Self.kernel(links: [(2, "eth1")], stats: [eth1]) }
        let (status, text) = try await Self.inProcess(["link", "afstats"], kernel: kernel)
        #expect(status == 0)
        // print_mpls_link_stats: columns of "*X: bytes", "packets", "errors", "dropped", "noroute",
        // widened to the largest value (bytes: 12 digits); each value followed by a space.
        func right(_ text: String, _ width: Int) -> String { String(repeating: " ", count: width - text.count) + text }
        let expected = "2:eth1\n    mpls:\n"
            + "        RX: " + right("bytes", 8) + " packets errors dropped noroute\n"
            + "        " + right("1000", 12) + " " + right("10", 7) + " " + right("1", 6) + " " + right("3", 7) + " " + right("5", 7) + " \n"
            + "        TX: " + right("bytes", 8) + " packets errors dropped\n"
            + "        " + right("123456789012", 12) + " " + right("20", 7) + " " + right("2", 6) + " " + right("4", 7) + " \n"
        #expect(text == expected, "\(text)")
        let (_, json) = try await Self.inProcess(["-j", "link", "afstats", "dev", "eth1"], kernel: kernel)
        #expect(json == "[{\"ifindex\":2,\"ifname\":\"eth1\",\"rx\":{\"bytes\":1000,\"packets\":10,\"errors\":1,\"dropped\":3,\"noroute\":5},"
            + "\"tx\":{\"bytes\":123456789012,\"packets\":20,\"errors\":2,\"dropped\":4}}]\n", "\(json)")
        let (_, inet) = try await Self.inProcess(["-4", "link", "afstats"], kernel: kernel)
        #expect(inet == "", "-4: only AF_INET entries, and there are none")
        // ip stats' afstats group (ipstats_stat_desc_show_afstats_mpls): the same table, indented
        // by four; the record's line break, then the dump's blank line.
        let (statsStatus, stats) = try await Self.inProcess(["stats", "show", "group", "afstats"], kernel: kernel)
        #expect(statsStatus == 0)
        let table = "    RX: " + right("bytes", 8) + " packets errors dropped noroute\n"
            + "    " + right("1000", 12) + " " + right("10", 7) + " " + right("1", 6) + " " + right("3", 7) + " " + right("5", 7) + " \n"
            + "    TX: " + right("bytes", 8) + " packets errors dropped\n"
            + "    " + right("123456789012", 12) + " " + right("20", 7) + " " + right("2", 6) + " " + right("4", 7) + " "
        #expect(stats == "2: eth1: group afstats subgroup mpls\n" + table + "\n\n", "\(stats)")
        let (_, statsJSON) = try await Self.inProcess(["-j", "stats", "show", "group", "afstats"], kernel: kernel)
        #expect(statsJSON == "[{\"ifindex\":2,\"ifname\":\"eth1\",\"group\":\"afstats\",\"subgroup\":\"mpls\",\"mpls_stats\":{\"rx\":{\"bytes\":1000,"
            + "\"packets\":10,\"errors\":1,\"dropped\":3,\"noroute\":5},\"tx\":{\"bytes\":123456789012,\"packets\":20,\"errors\":2,\"dropped\":4}}}]\n",
            "\(statsJSON)")
    }
}
