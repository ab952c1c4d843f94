import Netlink
import NetlinkCore
import NetlinkRoute
import NetlinkTestSupport
import SystemPackage
import Testing


private func mac(_ text: String) -> [UInt8] { MACAddress(text)!.bytes }

private func decode(_ bytes: [UInt8]) throws(NetlinkDecodingError) -> Neighbor {
    let view = try NetlinkMessage(bytes.span.bytes)
    return try Neighbor(decoding: view)
}

private func encode(_ neighbor: Neighbor, type: UInt16 = 28) throws -> [UInt8] {
    var builder = NetlinkMessageBuilder()
    try builder.message(type: NetlinkMessageType(type), flags: .multipart, sequence: 1) { b in try neighbor.encode(into: &b) }
    return builder.bytes
}

@Suite("Neighbours: ndmsg, NDA_*, requests")
struct NeighborTests {
    /// An IPv4 RTM_NEWNEIGH as the kernel sends it, laid out field by field (host order: little-endian).
    static let ipv4Payload: [UInt8] = [
        0x02,                                   // ndm_family AF_INET
        0x00, 0x00, 0x00,                       // ndm_pad1, ndm_pad2
        0x03, 0x00, 0x00, 0x00,                 // ndm_ifindex 3
        0x80, 0x00,                             // ndm_state NUD_PERMANENT
        0x80,                                   // ndm_flags NTF_ROUTER
        0x01,                                   // ndm_type RTN_UNICAST
        0x08, 0x00, 0x01, 0x00,                 // NDA_DST, 8 bytes
        10, 0, 0, 2,                            //   10.0.0.2
        0x0A, 0x00, 0x02, 0x00,                 // NDA_LLADDR, 10 bytes
        0x02, 0x00, 0x00, 0x00, 0x00, 0x02,     //   02:00:00:00:00:02
        0x00, 0x00,                             //   padding
        0x14, 0x00, 0x03, 0x00,                 // NDA_CACHEINFO, 20 bytes
        0x64, 0x00, 0x00, 0x00,                 //   ndm_confirmed 100
        0xC8, 0x00, 0x00, 0x00,                 //   ndm_used 200
        0x2C, 0x01, 0x00, 0x00,                 //   ndm_updated 300
        0x01, 0x00, 0x00, 0x00,                 //   ndm_refcnt 1
        0x08, 0x00, 0x04, 0x00,                 // NDA_PROBES, 8 bytes
        0x00, 0x00, 0x00, 0x00,                 //   0
        0x05, 0x00, 0x0C, 0x00,                 // NDA_PROTOCOL, 5 bytes
        0x04, 0x00, 0x00, 0x00,                 //   RTPROT_STATIC, padding
    ]

    /// Every field of the golden message, and encoding the value gives the same bytes back.
    @Test func decodesAndEncodesIPv4Neighbor() throws {
        let bytes = message(type: 28, payload: Self.ipv4Payload)
        let neighbor = try decode(bytes)
        #expect(neighbor.family == inet)
        #expect(neighbor.index == 3)
        #expect(neighbor.state == .permanent)
        #expect(neighbor.flags == .router)
        #expect(neighbor.isRouter)
        #expect(neighbor.type == 1)
        #expect(neighbor.destination == ip("10.0.0.2"))
        #expect(neighbor.macAddress == MACAddress("02:00:00:00:00:02"))
        #expect(neighbor.cacheInfo == NeighborCacheInfo(confirmed: 100, used: 200, updated: 300, referenceCount: 1))
        #expect(neighbor.probes == 0)
        #expect(neighbor.protocol == 4)
        #expect(neighbor.isStatic)
        #expect(try encode(neighbor) == bytes)
    }

    /// The header alone, written by NeighborMessage.
    @Test func encodesHeader() {
        var builder = NetlinkMessageBuilder()
        NeighborMessage(family: inet6, index: 0x0102, state: [.stale, .noARP], flags: [.proxy, .router], type: 1).encode(into: &builder)
        #expect(builder.bytes == [
            10, 0, 0, 0,                        // family AF_INET6, padding
            0x02, 0x01, 0x00, 0x00,             // ifindex 0x0102
            0x44, 0x00,                         // NUD_STALE | NUD_NOARP
            0x88,                               // NTF_PROXY | NTF_ROUTER
            0x01,                               // RTN_UNICAST
        ])
    }

    /// An IPv6 entry with VXLAN-style attributes: NDA_PORT is big-endian, the others host order;
    /// an unknown attribute (type 99) is skipped; the round trip is exact.
    @Test func bigEndianPortAndUnknownAttribute() throws {
        let payload: [UInt8] = [
            0x0A, 0, 0, 0,                      // AF_INET6, padding
            0x05, 0x00, 0x00, 0x00,             // ifindex 5
            0x04, 0x00, 0x00, 0x00,             // NUD_STALE, no flags, type 0
            0x14, 0x00, 0x01, 0x00,             // NDA_DST, 20 bytes
            0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,  // 2001:db8::1
            0x06, 0x00, 0x06, 0x00,             // NDA_PORT, 6 bytes
            0x12, 0xB5, 0x00, 0x00,             //   4789 big-endian, padding
            0x08, 0x00, 0x07, 0x00,             // NDA_VNI, 8 bytes
            0x2A, 0x00, 0x00, 0x00,             //   42
            0x08, 0x00, 0x63, 0x00,             // type 99: unknown
            0xDE, 0xAD, 0xBE, 0xEF,
        ]
        let neighbor = try decode(message(type: 28, payload: payload))
        #expect(neighbor.destination == ip("2001:db8::1"))
        #expect(neighbor.port == 4789)
        #expect(neighbor.vni == 42)
        #expect(neighbor.state == .stale)
        #expect(!neighbor.isStatic)
        #expect(try decode(try encode(neighbor)) == neighbor)
    }

    /// Malformed inputs are typed errors, never traps.
    @Test(arguments: [
        // A header of 8 bytes where 12 are expected.
        ([2, 0, 0, 0, 3, 0, 0, 0], NetlinkDecodingError.Code.truncatedStructure),
        // NDA_DST of 5 bytes.
        ([2, 0, 0, 0, 3, 0, 0, 0, 0x80, 0, 0, 1, 9, 0, 1, 0, 10, 0, 0, 2, 7, 0, 0, 0], .attributeSizeMismatch),
        // NDA_CACHEINFO of 8 bytes.
        ([2, 0, 0, 0, 3, 0, 0, 0, 0x80, 0, 0, 1, 12, 0, 3, 0, 1, 0, 0, 0, 2, 0, 0, 0], .attributeSizeMismatch),
        // NDA_PROBES of 2 bytes.
        ([2, 0, 0, 0, 3, 0, 0, 0, 0x80, 0, 0, 1, 6, 0, 4, 0, 1, 0, 0, 0], .attributeSizeMismatch),
        // nla_len 3.
        ([2, 0, 0, 0, 3, 0, 0, 0, 0x80, 0, 0, 1, 3, 0, 1, 0], .attributeLengthTooSmall),
        // nla_len past the end.
        ([2, 0, 0, 0, 3, 0, 0, 0, 0x80, 0, 0, 1, 40, 0, 1, 0, 10, 0, 0, 2], .attributeLengthExceedsData),
    ] as [([UInt8], NetlinkDecodingError.Code)])
    func malformed(payload: [UInt8], code: NetlinkDecodingError.Code) {
        #expect {
            _ = try decode(message(type: 28, payload: payload))
        } throws: { error in
            (error as? NetlinkDecodingError)?.code == code
        }
    }

    // MARK: Requests, against a fake kernel

    /// The proxy dump carries ndm_flags = NTF_PROXY and the index as NDA_IFINDEX (ndm_ifindex stays 0:
    /// a strict kernel refuses it there); add, replace and delete carry the right flags and bytes.
    @Test func requestBytes() async throws {
        let kernel = FakeNetlinkKernel()
        kernel.on(type: RouteMessageType.getNeighbor) { _ in [.dump(type: RouteMessageType.newNeighbor, payloads: [])] }
        let connection = try NetlinkConnection(transport: kernel)
        _ = try await connection.proxyNeighbors(family: inet, index: 3)
        _ = try await connection.neighbors()
        try await connection.addNeighbor(ip("10.0.0.2"), index: 3, linkLayerAddress: mac("02:00:00:00:00:02"))
        try await connection.replaceNeighbor(ip("10.0.0.2"), index: 3, linkLayerAddress: mac("02:00:00:00:00:02"), state: .stale)
        try await connection.deleteNeighbor(ip("10.0.0.9"), index: 3, proxy: true)
        let sent = kernel.requests
        #expect(sent.map(\.type) == [
            RouteMessageType.getNeighbor, RouteMessageType.getNeighbor, RouteMessageType.newNeighbor,
            RouteMessageType.newNeighbor, RouteMessageType.deleteNeighbor,
        ])
        #expect(sent[0].isDump)
        #expect(sent[0].payload == [
            2, 0, 0, 0,                         // AF_INET, padding
            0, 0, 0, 0,                         // ndm_ifindex 0
            0, 0,                               // ndm_state
            0x08, 0,                            // ndm_flags NTF_PROXY, ndm_type
            8, 0, 8, 0, 3, 0, 0, 0,             // NDA_IFINDEX 3
        ])
        #expect(sent[1].payload == [UInt8](repeating: 0, count: 12))
        #expect(sent[2].flags == [.request, .acknowledge, .create, .exclusive])
        #expect(sent[2].payload == [
            2, 0, 0, 0, 3, 0, 0, 0,             // AF_INET (from the address), ifindex 3
            0x80, 0, 0, 0,                      // NUD_PERMANENT, no flags, type 0
            8, 0, 1, 0, 10, 0, 0, 2,            // NDA_DST 10.0.0.2
            10, 0, 2, 0, 2, 0, 0, 0, 0, 2, 0, 0,  // NDA_LLADDR, padded
        ])
        #expect(sent[3].flags == [.request, .acknowledge, .create, .replace])
        #expect(sent[3].payload[8] == 0x04)     // NUD_STALE
        #expect(sent[4].flags == [.request, .acknowledge])
        #expect(sent[4].payload == [2, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0x08, 0, 8, 0, 1, 0, 10, 0, 0, 9])
    }

    /// Flush deletes what the filter accepts, one request each; an entry already gone (ENOENT) is not counted.
    @Test func flushCountsOnlyDeletions() async throws {
        let kernel = FakeNetlinkKernel()
        // 10.0.0.1 permanent, .2 stale, .3 reachable, .4 noarp, .5 failed: AF_INET, ifindex 3, NDA_DST.
        let entries: [[UInt8]] = [(1, 0x80), (2, 0x04), (3, 0x02), (4, 0x40), (5, 0x20)].map { (last: UInt8, state: UInt8) in
            [2, 0, 0, 0, 3, 0, 0, 0, state, 0, 0, 1, 8, 0, 1, 0, 10, 0, 0, last]
        }
        kernel.on(type: RouteMessageType.getNeighbor) { _ in [.dump(type: RouteMessageType.newNeighbor, payloads: entries)] }
        kernel.on(type: RouteMessageType.deleteNeighbor) { request in
            request.payload.last == 3 ? [.error(.noSuchFileOrDirectory)] : [.ack()]
        }
        let connection = try NetlinkConnection(transport: kernel)
        #expect(try await connection.flushNeighbors() == 2)  // 2 and 5; 3 vanished; 1 and 4 are kept
        #expect(kernel.requests.filter { $0.type == RouteMessageType.deleteNeighbor }.map { $0.payload.last } == [2, 3, 5])
    }

    /// The names table knows every NDA_* of the 6.1 headers.
    @Test func attributeNames() {
        let names = NeighborAttributeNames()
        #expect(names.attributeName(1, parents: []) == "NDA_DST")
        #expect(names.attributeName(15, parents: []) == "NDA_FLAGS_EXT")
        #expect(names.attributeName(17, parents: []) == "NDA_NDM_FLAGS_MASK")
        #expect(names.isNested(14, parents: []))
    }
}

/// Creates a veth pair `name` — `name`p, sets both up, and returns the index of `name`.
private func upVeth(_ connection: NetlinkConnection, _ name: String) async throws -> Int32 {
    try await connection.createVethPair(name: name, peerName: name + "p")
    let index = try await connection.link(named: name).index
    let peer = try await connection.link(named: name + "p").index
    try await connection.setLink(index: peer, up: true)
    try await connection.setLink(index: index, up: true)
    return index
}

extension NeighborTests {
    /// Against the kernel, each test in a private namespace of its own.
    @Suite("Neighbours against the kernel", .enabled(if: RouteKernelAccess.available, RouteKernelAccess.reason))
    struct Kernel {
        /// `ip neigh add 10.0.0.2 lladdr 02:00:00:00:00:02 nud permanent dev n0`, read back; the same
        /// add again is EEXIST; `replace ... nud stale` changes the state; delete, then delete again is ENOENT.
        @Test func permanentThenReplaceThenDelete() async throws {
            let (_, connection) = try routeTestConnection()
            let index = try await upVeth(connection, "n0")
            try await connection.addNeighbor(ip("10.0.0.2"), index: index, linkLayerAddress: mac("02:00:00:00:00:02"))
            let entries = try await connection.neighbors(family: inet, index: index)
            #expect(entries.count == 1)
            let entry = try #require(entries.first)
            #expect(entry.destination == ip("10.0.0.2"))
            #expect(entry.macAddress == MACAddress("02:00:00:00:00:02"))
            #expect(entry.state == .permanent)
            #expect(entry.index == index)
            #expect(entry.family == inet)
            #expect(entry.cacheInfo != nil)

            let exists = await #expect(throws: NetlinkError.self) {
                try await connection.addNeighbor(ip("10.0.0.2"), index: index, linkLayerAddress: mac("02:00:00:00:00:02"))
            }
            #expect(exists?.errno == .fileExists)
            #expect(exists?.message == nil)

            try await connection.replaceNeighbor(ip("10.0.0.2"), index: index, linkLayerAddress: mac("02:00:00:00:00:03"), state: .stale)
            let replaced = try #require(try await connection.neighbors(family: inet, index: index).first)
            #expect(replaced.state == .stale)
            #expect(replaced.macAddress == MACAddress("02:00:00:00:00:03"))

            try await connection.deleteNeighbor(ip("10.0.0.2"), index: index)
            #expect(try await connection.neighbors(family: inet, index: index).isEmpty)
            let missing = await #expect(throws: NetlinkError.self) {
                try await connection.deleteNeighbor(ip("10.0.0.2"), index: index)
            }
            #expect(missing?.errno == .noSuchFileOrDirectory)
            #expect(missing?.message == nil)
        }

        /// `ip -6 neigh add 2001:db8::1 lladdr ... router dev n0`: NTF_ROUTER reads back.
        @Test func routerFlagOnIPv6() async throws {
            let (_, connection) = try routeTestConnection()
            let index = try await upVeth(connection, "n0")
            try await connection.addNeighbor(
                ip("2001:db8::1"), index: index, linkLayerAddress: mac("02:00:00:00:00:01"), state: .reachable, flags: .router)
            try await connection.addNeighbor(ip("2001:db8::2"), index: index, linkLayerAddress: mac("02:00:00:00:00:02"))
            let entries = try await connection.neighbors(family: inet6, index: index)
            let router = try #require(entries.first { $0.destination == ip("2001:db8::1") })
            #expect(router.isRouter)
            #expect(router.family == inet6)
            let host = try #require(entries.first { $0.destination == ip("2001:db8::2") })
            #expect(!host.isRouter)
            #expect(host.state == .permanent)
        }

        /// `ip neigh add proxy 10.0.0.9 dev n0`: only the proxy dump shows it, and deleting it needs NTF_PROXY.
        @Test(arguments: [false, true]) func proxyEntryOnlyInProxyDump(strict: Bool) async throws {
            var configuration = NetlinkConnection.Configuration()
            configuration.strictChecking = strict  // NETLINK_GET_STRICT_CHK: the kernel checks the dump request's header
            let (_, connection) = try routeTestConnection(configuration: configuration)
            let index = try await upVeth(connection, "n0")
            try await connection.addNeighbor(ip("10.0.0.9"), index: index, flags: .proxy)
            try await connection.addNeighbor(ip("10.0.0.2"), index: index, linkLayerAddress: mac("02:00:00:00:00:02"))

            let proxies = try await connection.proxyNeighbors(family: inet)
            #expect(proxies.map(\.destination) == [ip("10.0.0.9")])
            let proxy = try #require(proxies.first)
            #expect(proxy.isProxy)
            #expect(proxy.index == index)
            #expect(proxy.linkLayerAddress == nil)
            #expect(try await connection.neighbors(family: inet).map(\.destination) == [ip("10.0.0.2")])
            // The streaming form gives the same.
            var streamed: [IPAddress?] = []
            for try await datagram in connection.neighborDump(family: inet, proxy: true) {
                try datagram.forEachMessage { message in
                    if message.type == RouteMessageType.newNeighbor { streamed.append(try Neighbor(decoding: message).destination) }
                }
            }
            #expect(streamed == [ip("10.0.0.9")])

            // Without NTF_PROXY the delete looks in the ordinary table.
            let wrongTable = await #expect(throws: NetlinkError.self) {
                try await connection.deleteNeighbor(ip("10.0.0.9"), index: index)
            }
            #expect(wrongTable?.errno == .noSuchFileOrDirectory)
            try await connection.deleteNeighbor(ip("10.0.0.9"), index: index, proxy: true)
            #expect(try await connection.proxyNeighbors(family: inet).isEmpty)
            #expect(try await connection.neighbors(family: inet).count == 1)
        }

        /// The kernel filters a neighbour dump by NDA_IFINDEX, never by `ndm_ifindex`: without strict
        /// checking the header's index is ignored, with it the request is refused.
        @Test func dumpFiltersOnlyByAttribute() async throws {
            for strict in [false, true] {
                var configuration = NetlinkConnection.Configuration()
                configuration.strictChecking = strict
                let (_, connection) = try routeTestConnection(configuration: configuration)
                let first = try await upVeth(connection, "n0")
                let second = try await upVeth(connection, "n1")
                try await connection.addNeighbor(ip("10.0.0.2"), index: first, linkLayerAddress: mac("02:00:00:00:00:02"))
                try await connection.addNeighbor(ip("10.0.1.2"), index: second, linkLayerAddress: mac("02:00:00:00:01:02"))
                #expect(try await connection.neighbors(family: inet, index: first).map(\.index) == [first])

                let headerOnly: () async throws(NetlinkError) -> [Int32] = {
                    try await connection.dumpAll(type: RouteMessageType.getNeighbor, fixedHeaderSize: NeighborMessage.size, { b in
                        NeighborMessage(family: inet, index: first).encode(into: &b)
                    }) { message in try Neighbor(decoding: message).index }
                }
                if strict {
                    let error = await #expect(throws: NetlinkError.self) { try await headerOnly() }
                    #expect(error?.code == .dumpFailed)
                    #expect(error?.errno == .invalidArgument)
                    #expect(error?.message == "Invalid values in header for neighbor dump request")
                } else {
                    #expect(Set(try await headerOnly()) == [first, second])
                }
            }
        }

        /// `ip neigh flush dev n0` deletes all but permanent and NOARP entries; a filter that accepts
        /// everything deletes the rest.
        @Test func flush() async throws {
            let (_, connection) = try routeTestConnection()
            let index = try await upVeth(connection, "n0")
            let other = try await upVeth(connection, "n1")
            let states: [(String, NeighborState)] = [
                ("10.0.0.1", .permanent), ("10.0.0.2", .permanent), ("10.0.0.3", .stale), ("10.0.0.4", .stale),
                ("10.0.0.5", .reachable), ("10.0.0.6", .noARP),
            ]
            for (i, (address, state)) in states.enumerated() {
                try await connection.addNeighbor(ip(address), index: index, linkLayerAddress: [2, 0, 0, 0, 0, UInt8(i + 1)], state: state)
            }
            try await connection.addNeighbor(ip("10.0.1.1"), index: other, linkLayerAddress: mac("02:00:00:00:01:01"), state: .stale)

            // Family AF_INET only: on an up link IPv6 adds NOARP entries of its own for multicast
            // groups (ff02::2, ff02::16, the solicited-node group), at times of its choosing.
            #expect(try await connection.flushNeighbors(family: inet, index: index) == 3)
            let left = try await connection.neighbors(family: inet, index: index)
            #expect(Set(left.compactMap(\.destination)) == [ip("10.0.0.1"), ip("10.0.0.2"), ip("10.0.0.6")])
            // The other link was not touched.
            #expect(try await connection.neighbors(family: inet, index: other).count == 1)

            #expect(try await connection.flushNeighbors(family: inet, index: index, where: { _ in true }) == 3)
            #expect(try await connection.neighbors(family: inet, index: index).isEmpty)
            #expect(try await connection.neighbors(family: inet, index: other).count == 1)
        }

        /// RELIABILITY.md: permanent entries survive a carrier loss (the peer going down) but are
        /// flushed, without a word, when their own link is set administratively down.
        @Test func permanentEntriesFlushedOnLinkDown() async throws {
            let (_, connection) = try routeTestConnection()
            let index = try await upVeth(connection, "n0")
            let peer = try await connection.link(named: "n0p").index
            try await connection.addNeighbor(ip("10.0.0.2"), index: index, linkLayerAddress: mac("02:00:00:00:00:02"))
            try await connection.addNeighbor(ip("2001:db8::2"), index: index, linkLayerAddress: mac("02:00:00:00:00:02"))
            // Both families; IPv6 multicast NOARP entries come and go on their own, so count the permanent ones.
            func permanent() async throws -> [IPAddress] {
                try await connection.neighbors(index: index).filter { $0.state == .permanent }.compactMap(\.destination)
            }
            #expect(Set(try await permanent()) == [ip("10.0.0.2"), ip("2001:db8::2")])

            try await connection.setLink(index: peer, up: false)  // carrier down on n0
            #expect(try await connection.link(index: index).flags.contains(.lowerUp) == false)
            #expect(Set(try await permanent()) == [ip("10.0.0.2"), ip("2001:db8::2")])

            try await connection.setLink(index: index, up: false)
            #expect(try await connection.neighbors(index: index).isEmpty)  // every entry, NOARP ones too
            try await connection.setLink(index: index, up: true)
            #expect(try await permanent().isEmpty)
        }
    }
}
