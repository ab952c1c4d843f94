import Netlink
import NetlinkCore
import NetlinkRoute
import NetlinkTestSupport
import Testing

/// A link message payload: `ifinfomsg` for `index`, IFLA_IFNAME, then IFLA_MASTER and
/// IFLA_LINKINFO { IFLA_INFO_KIND } when given.
private func linkPayload(index: Int32, name: String, master: Int32? = nil, kind: String? = nil) throws -> [UInt8] {
    var builder = NetlinkMessageBuilder()
    InterfaceInfoMessage(index: index).encode(into: &builder)
    try builder.appendAttribute(LinkAttribute.name, string: name)
    if let master { try builder.appendAttribute(LinkAttribute.master, int32: master, .host) }
    if let kind {
        try builder.appendNested(LinkAttribute.linkInfo) { b in try b.appendAttribute(LinkAttribute.Info.kind, string: kind) }
    }
    return builder.bytes
}

@Suite("Link dump filters: IFLA_MASTER and IFLA_INFO_KIND in the request, NLM_F_DUMP_FILTERED")
struct LinkFilterTests {
    /// The request carries a zeroed ifinfomsg, IFLA_MASTER, and IFLA_LINKINFO (nested flag set)
    /// holding IFLA_INFO_KIND, as iproute2 sends them.
    @Test func requestBytes() async throws {
        let kernel = FakeNetlinkKernel()
        kernel.on(type: RouteMessageType.getLink) { _ in [.dump(type: RouteMessageType.newLink, payloads: [])] }
        let connection = try NetlinkConnection(transport: kernel)
        _ = try await connection.links(filter: LinkFilter(masterIndex: 5, kind: "veth"))
        _ = try await connection.links(filter: LinkFilter(noMaster: true, up: true))
        let sent = kernel.requests
        #expect(sent.count == 2)
        #expect(sent[0].isDump)
        #expect(sent[0].payload == [
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,    // struct ifinfomsg, zero
            8, 0, 10, 0, 5, 0, 0, 0,                            // IFLA_MASTER 5
            16, 0, 18, 0x80,                                    // IFLA_LINKINFO | NLA_F_NESTED
            9, 0, 1, 0, 0x76, 0x65, 0x74, 0x68, 0, 0, 0, 0,     //   IFLA_INFO_KIND "veth\0", padded
        ])
        // User-space-only fields add nothing to the request.
        #expect(sent[1].payload == [UInt8](repeating: 0, count: 16))
    }

    /// Without NLM_F_DUMP_FILTERED (a kernel that ignored the filter) every field is checked here.
    @Test func filtersInUserSpaceWhenTheKernelDidNot() async throws {
        let kernel = FakeNetlinkKernel()
        let payloads = [
            try linkPayload(index: 1, name: "lo"),
            try linkPayload(index: 2, name: "br0", kind: "bridge"),
            try linkPayload(index: 3, name: "v0", master: 2, kind: "veth"),
            try linkPayload(index: 4, name: "v1", master: 9, kind: "veth"),
            try linkPayload(index: 5, name: "d0", master: 2, kind: "ifb"),
        ]
        kernel.on(type: RouteMessageType.getLink) { _ in [.dump(type: RouteMessageType.newLink, payloads: payloads)] }
        let connection = try NetlinkConnection(transport: kernel)
        #expect(try await connection.links(filter: LinkFilter(masterIndex: 2)).map(\.name) == ["v0", "d0"])
        #expect(try await connection.links(filter: LinkFilter(kind: "veth")).map(\.name) == ["v0", "v1"])
        #expect(try await connection.links(filter: LinkFilter(masterIndex: 2, kind: "veth")).map(\.name) == ["v0"])
        #expect(try await connection.links(filter: LinkFilter(noMaster: true)).map(\.name) == ["lo", "br0"])
        var streamed: [String] = []
        for try await link in connection.linkStream(filter: LinkFilter(masterIndex: 9)) { streamed.append(link.name) }
        #expect(streamed == ["v1"])
    }

    /// With NLM_F_DUMP_FILTERED the master filter is the kernel's (trusted), but the kind is
    /// checked anyway: the kernel sets the flag when it filtered by master even if it did not know the kind.
    @Test func trustsTheKernelForTheMasterOnly() async throws {
        let kernel = FakeNetlinkKernel()
        let payloads = [
            try linkPayload(index: 3, name: "v0", master: 2, kind: "veth"),
            try linkPayload(index: 4, name: "odd", master: 7, kind: "veth"),   // the kernel said: filtered
            try linkPayload(index: 5, name: "d0", master: 2, kind: "ifb"),
        ]
        kernel.on(type: RouteMessageType.getLink) { _ in
            [.multipart(type: RouteMessageType.newLink, payloads: payloads, flags: [.dumpFiltered]), .done()]
        }
        let connection = try NetlinkConnection(transport: kernel)
        #expect(try await connection.links(filter: LinkFilter(masterIndex: 2)).map(\.name) == ["v0", "odd", "d0"])
        #expect(try await connection.links(filter: LinkFilter(masterIndex: 2, kind: "veth")).map(\.name) == ["v0", "odd"])
        #expect(try await connection.links(filter: LinkFilter(masterIndex: 2, kind: "nosuchkind")).isEmpty)
    }

    @Suite("Link dump filters against the kernel", .enabled(if: RouteKernelAccess.available, RouteKernelAccess.reason))
    struct Kernel {
        /// A bridge with a veth and an ifb as ports, a second veth outside: the kernel filters
        /// by master and by kind (replies flagged NLM_F_DUMP_FILTERED), and the answers equal
        /// the unfiltered dump filtered by hand.
        @Test func masterAndKind() async throws {
            let (_, connection) = try routeTestConnection()
            try await connection.createLink(name: "br0", kind: "bridge")
            try await connection.createVethPair(name: "va", peerName: "vb")
            try await connection.createLink(name: "i0", kind: "ifb")
            let bridge = try await connection.link(named: "br0").index
            var port = LinkSettings()
            port.masterIndex = bridge
            try await connection.changeLink(index: try await connection.link(named: "va").index, port)
            try await connection.changeLink(index: try await connection.link(named: "i0").index, port)

            let all = try await connection.links()
            for filter in [
                LinkFilter(masterIndex: bridge), LinkFilter(kind: "veth"), LinkFilter(kind: "bridge"),
                LinkFilter(masterIndex: bridge, kind: "veth"), LinkFilter(kind: "tun"), LinkFilter(noMaster: true),
            ] {
                let expected = all.filter { filter.matches($0) }.map(\.name)
                #expect(try await connection.links(filter: filter).map(\.name) == expected, "\(filter)")
            }
            #expect(try await connection.links(filter: LinkFilter(masterIndex: bridge)).map(\.name) == ["va", "i0"])

            // The kernel really filtered: the raw dump holds only the ports, each flagged.
            var names: [String] = []
            var flagged = 0
            for try await datagram in connection.linkDump(filter: LinkFilter(masterIndex: bridge, kind: "veth")) {
                try datagram.forEachMessage { message in
                    if message.flags.contains(.dumpFiltered) { flagged += 1 }
                    names.append(try Link(decoding: message).name)
                }
            }
            #expect(names == ["va"])
            #expect(flagged == 1)
        }

        /// What the kernel-side filter saves: with 64 more links, the master's dump carries only
        /// its 2 ports, where the unfiltered dump carries every link.
        @Test func filteredDumpSize() async throws {
            let (_, connection) = try routeTestConnection()
            try await connection.createLink(name: "br0", kind: "bridge")
            let bridge = try await connection.link(named: "br0").index
            var port = LinkSettings()
            port.masterIndex = bridge
            for i in 0..<66 {
                try await connection.createLink(name: "f\(i)", kind: "ifb")
                if i < 2 { try await connection.changeLink(index: try await connection.link(named: "f\(i)").index, port) }
            }
            func measure(_ dump: NetlinkDump) async throws -> (messages: Int, bytes: Int) {
                var messages = 0
                var bytes = 0
                for try await datagram in dump {
                    bytes += datagram.length
                    try datagram.forEachMessage { _ in messages += 1 }
                }
                return (messages, bytes)
            }
            let filtered = try await measure(connection.linkDump(filter: LinkFilter(masterIndex: bridge)))
            let all = try await measure(connection.linkDump(filter: LinkFilter()))
            #expect(filtered.messages == 2)
            #expect(all.messages == 68)
            print("REPORT-FIGURE link-dump-master-filter-messages: \(filtered.messages) of \(all.messages) messages (kernel-side IFLA_MASTER filter, 68 links)")
            print("REPORT-FIGURE link-dump-master-filter-bytes: \(filtered.bytes) of \(all.bytes) bytes received (kernel-side IFLA_MASTER filter, 68 links)")
        }
    }
}
