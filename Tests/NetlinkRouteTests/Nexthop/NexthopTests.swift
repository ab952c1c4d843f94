import Netlink
import NetlinkCore
import NetlinkRoute
import NetlinkTestSupport
import SystemPackage
import Testing



private func decode(_ bytes: [UInt8]) throws(NetlinkDecodingError) -> Nexthop {
    let view = try NetlinkMessage(bytes.span.bytes)
    return try Nexthop(decoding: view)
}

private func encode(_ nexthop: Nexthop) throws -> [UInt8] {
    var builder = NetlinkMessageBuilder()
    try builder.message(type: RouteMessageType.newNexthop, flags: .multipart, sequence: 1) { b in try nexthop.encode(into: &b) }
    return builder.bytes
}

@Suite("Nexthop objects: nhmsg, NHA_*, groups")
struct NexthopTests {
    /// `ip nexthop add id 10 group 1/2,3`, as the kernel sends it back, laid out field by field.
    static let groupPayload: [UInt8] = [
        0x00,                                   // nh_family AF_UNSPEC
        0x00,                                   // nh_scope RT_SCOPE_UNIVERSE
        0x03,                                   // nh_protocol RTPROT_BOOT
        0x00,                                   // resvd
        0x00, 0x00, 0x00, 0x00,                 // nh_flags
        0x08, 0x00, 0x01, 0x00,                 // NHA_ID, 8 bytes
        0x0A, 0x00, 0x00, 0x00,                 //   10
        0x14, 0x00, 0x02, 0x00,                 // NHA_GROUP, 20 bytes: two struct nexthop_grp
        0x01, 0x00, 0x00, 0x00,                 //   id 1
        0x00,                                   //   weight 1 (sent as weight - 1)
        0x00,                                   //   resvd1 / weight_high
        0x00, 0x00,                             //   resvd2
        0x02, 0x00, 0x00, 0x00,                 //   id 2
        0x02,                                   //   weight 3
        0x00,                                   //   resvd1 / weight_high
        0x00, 0x00,                             //   resvd2
        0x06, 0x00, 0x03, 0x00,                 // NHA_GROUP_TYPE, 6 bytes
        0x00, 0x00, 0x00, 0x00,                 //   NEXTHOP_GRP_TYPE_MPATH, padding
    ]

    /// A group with weights 1 and 3 decodes; building it gives the same bytes.
    @Test func decodesAndEncodesGroup() throws {
        let bytes = message(type: 104, payload: Self.groupPayload)
        let nexthop = try decode(bytes)
        #expect(nexthop.id == 10)
        #expect(nexthop.family == 0)
        #expect(nexthop.protocol == 3)
        #expect(nexthop.isGroup)
        #expect(nexthop.group == [NexthopGroupMember(id: 1, weight: 1), NexthopGroupMember(id: 2, weight: 3)])
        #expect(nexthop.groupType == .multipath)
        #expect(nexthop.gateway == nil && nexthop.interfaceIndex == nil && !nexthop.isBlackhole)

        var built = Nexthop.group(id: 10, members: [NexthopGroupMember(id: 1), NexthopGroupMember(id: 2, weight: 3)], type: .multipath)
        built.protocol = 3
        #expect(built == nexthop)
        #expect(try encode(built) == bytes)
    }

    /// `ip nexthop add id 1 via 10.0.0.2 dev <3> onlink`, laid out field by field.
    @Test func decodesAndEncodesSingle() throws {
        let payload: [UInt8] = [
            0x02,                               // nh_family AF_INET
            0x00,                               // nh_scope
            0x04,                               // nh_protocol RTPROT_STATIC
            0x00,                               // resvd
            0x04, 0x00, 0x00, 0x00,             // nh_flags RTNH_F_ONLINK
            0x08, 0x00, 0x01, 0x00,             // NHA_ID, 8 bytes
            0x01, 0x00, 0x00, 0x00,             //   1
            0x08, 0x00, 0x05, 0x00,             // NHA_OIF, 8 bytes
            0x03, 0x00, 0x00, 0x00,             //   3
            0x08, 0x00, 0x06, 0x00,             // NHA_GATEWAY, 8 bytes
            10, 0, 0, 2,                        //   10.0.0.2
        ]
        let bytes = message(type: 104, payload: payload)
        let nexthop = try decode(bytes)
        var built = Nexthop(id: 1, gateway: ip("10.0.0.2"), interfaceIndex: 3, flags: .onlink)
        built.protocol = 4
        #expect(nexthop == built)
        #expect(nexthop.family == inet)
        #expect(try encode(built) == bytes)
    }

    /// A blackhole is a flag attribute (length 4, no payload); an IPv6 gateway is 16 bytes.
    @Test func blackholeAndIPv6() throws {
        let blackhole = Nexthop.blackhole(id: 3, family: inet6)
        #expect(try encode(blackhole) == message(type: 104, payload: [
            10, 0, 0, 0, 0, 0, 0, 0,            // AF_INET6, scope, protocol, resvd, flags
            8, 0, 1, 0, 3, 0, 0, 0,             // NHA_ID 3
            4, 0, 4, 0,                         // NHA_BLACKHOLE
        ]))
        #expect(try decode(try encode(blackhole)) == blackhole)
        let v6 = Nexthop(id: 4, gateway: ip("fe80::1"), interfaceIndex: 2)
        #expect(v6.family == inet6)
        #expect(try decode(try encode(v6)) == v6)
    }

    /// Kernels since 6.12 read the former resvd1 byte as weight_high: weights up to 65,536.
    @Test func sixteenBitWeights() throws {
        let payload: [UInt8] = [
            0, 0, 0, 0, 0, 0, 0, 0,
            0x14, 0x00, 0x02, 0x00,             // NHA_GROUP, 20 bytes
            0x05, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00, 0x00,  // id 5, weight 0x0101 + 1 = 258
            0x06, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00,  // id 6, weight 65,536
        ]
        let nexthop = try decode(message(type: 104, payload: payload))
        #expect(nexthop.group == [NexthopGroupMember(id: 5, weight: 258), NexthopGroupMember(id: 6, weight: 65_536)])
        #expect(try encode(nexthop) == message(type: 104, payload: payload))
    }

    /// A weight of 0 or above 65,536 cannot be encoded.
    @Test(arguments: [UInt32(0), 65_537])
    func weightOutOfRange(weight: UInt32) {
        let nexthop = Nexthop.group(id: 1, members: [NexthopGroupMember(id: 2, weight: weight)])
        #expect {
            _ = try encode(nexthop)
        } throws: { error in
            (error as? NetlinkEncodingError)?.code.rawValue == "valueOutOfRange"
        }
    }

    /// Malformed inputs are typed errors, never traps.
    @Test(arguments: [
        ([2, 0, 0, 0], NetlinkDecodingError.Code.truncatedStructure),
        // NHA_GROUP of 12 bytes: not a multiple of 8.
        ([0, 0, 0, 0, 0, 0, 0, 0, 16, 0, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0], .attributeSizeMismatch),
        // NHA_BLACKHOLE with a payload.
        ([2, 0, 0, 0, 0, 0, 0, 0, 8, 0, 4, 0, 1, 0, 0, 0], .attributeSizeMismatch),
        // NHA_GROUP_TYPE of 4 bytes.
        ([0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 3, 0, 1, 0, 0, 0], .attributeSizeMismatch),
        // NHA_GATEWAY of 6 bytes.
        ([2, 0, 0, 0, 0, 0, 0, 0, 10, 0, 6, 0, 10, 0, 0, 2, 0, 0, 0, 0], .attributeSizeMismatch),
    ] as [([UInt8], NetlinkDecodingError.Code)])
    func malformed(payload: [UInt8], code: NetlinkDecodingError.Code) {
        #expect {
            _ = try decode(message(type: 104, payload: payload))
        } throws: { error in
            (error as? NetlinkDecodingError)?.code == code
        }
    }

    /// A nexthop read from a dump can be sent back: the scope, the kernel's flags and
    /// NHA_HW_STATS_USED are left out. Flush deletes groups first and does not count ENOENT.
    @Test func requestBytesAndFlush() async throws {
        let kernel = FakeNetlinkKernel()
        kernel.on(type: RouteMessageType.getNexthop) { _ in
            [.dump(type: RouteMessageType.newNexthop, payloads: [
                [2, 0, 0, 0, 0, 0, 0, 0, 8, 0, 1, 0, 1, 0, 0, 0, 4, 0, 4, 0],     // id 1, blackhole
                [0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 1, 0, 9, 0, 0, 0,
                 12, 0, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0],                            // id 9, group of 1
            ])]
        }
        kernel.on(type: RouteMessageType.deleteNexthop) { request in
            request.payload[12] == 1 ? [.error(.noSuchFileOrDirectory)] : [.ack()]
        }
        let connection = try NetlinkConnection(transport: kernel)
        var dumped = Nexthop(id: 1, gateway: ip("10.0.0.2"), interfaceIndex: 3, flags: [.onlink, .dead, .linkDown])
        dumped.scope = 253
        dumped.hardwareStatisticsUsed = 0
        try await connection.replaceNexthop(dumped)
        #expect(try await connection.flushNexthops() == 1)
        let sent = kernel.requests
        #expect(sent[0].flags == [.request, .acknowledge, .create, .replace])
        #expect(sent[0].payload == [
            2, 0, 0, 0, 4, 0, 0, 0,             // AF_INET, scope 0, protocol 0, RTNH_F_ONLINK only
            8, 0, 1, 0, 1, 0, 0, 0,             // NHA_ID 1
            8, 0, 5, 0, 3, 0, 0, 0,             // NHA_OIF 3
            8, 0, 6, 0, 10, 0, 0, 2,            // NHA_GATEWAY 10.0.0.2
        ])
        let deletes = sent.filter { $0.type == RouteMessageType.deleteNexthop }
        #expect(deletes.map { $0.payload[12] } == [9, 1])  // the group first
        #expect(deletes[0].payload == [0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 1, 0, 9, 0, 0, 0])
    }

    /// The names table, including the attributes newer than the 6.1 headers.
    @Test func attributeNames() {
        let names = NexthopAttributeNames()
        #expect(names.attributeName(2, parents: []) == "NHA_GROUP")
        #expect(names.attributeName(17, parents: []) == "NHA_HW_STATS_USED")
        #expect(names.attributeName(1, parents: [12]) == "NHA_RES_GROUP_BUCKETS")
        #expect(names.isNested(12, parents: []))
    }
}

// MARK: Kernel helpers that stand in for the address and route APIs (written elsewhere).

/// Creates a veth pair `name` — `name`p, sets both up, adds `address`/24 to `name` with a hand-built
/// RTM_NEWADDR (`struct ifaddrmsg` + IFA_LOCAL + IFA_ADDRESS), and returns the index of `name`.
private func upVeth(_ connection: NetlinkConnection, _ name: String, address: IPv4Address) async throws -> Int32 {
    try await connection.createVethPair(name: name, peerName: name + "p")
    let index = try await connection.link(named: name).index
    try await connection.setLink(index: try await connection.link(named: name + "p").index, up: true)
    try await connection.setLink(index: index, up: true)
    try await connection.execute(type: RouteMessageType.newAddress, flags: [.create, .exclusive], fixedHeaderSize: 8) { b in
        b.append(inet.rawValue)                          // ifa_family
        b.append(UInt8(24))                     // ifa_prefixlen
        b.append(UInt8(0))                      // ifa_flags
        b.append(UInt8(0))                      // ifa_scope RT_SCOPE_UNIVERSE
        b.append(UInt32(bitPattern: index))     // ifa_index
        try b.appendAttribute(2, ipv4: address)  // IFA_LOCAL
        try b.appendAttribute(1, ipv4: address)  // IFA_ADDRESS
    }
    return index
}

/// Writes a `struct rtmsg` for an IPv4 unicast route in `main` (12 bytes).
private func appendRouteHeader(_ b: inout NetlinkMessageBuilder, destinationLength: UInt8) {
    b.append(inet.rawValue)                              // rtm_family
    b.append(destinationLength)                 // rtm_dst_len
    b.append(UInt8(0))                          // rtm_src_len
    b.append(UInt8(0))                          // rtm_tos
    b.append(UInt8(254))                        // rtm_table RT_TABLE_MAIN
    b.append(UInt8(3))                          // rtm_protocol RTPROT_BOOT
    b.append(UInt8(0))                          // rtm_scope RT_SCOPE_UNIVERSE
    b.append(UInt8(1))                          // rtm_type RTN_UNICAST
    b.append(UInt32(0))                         // rtm_flags
}

/// `ip route add DESTINATION/24 nhid ID`: RTA_DST (1) and RTA_NH_ID (30).
private func addRoute(_ connection: NetlinkConnection, _ destination: IPv4Address, nexthopID: UInt32) async throws {
    try await connection.execute(type: RouteMessageType.newRoute, flags: [.create, .exclusive], fixedHeaderSize: 12) { b in
        appendRouteHeader(&b, destinationLength: 24)
        try b.appendAttribute(1, ipv4: destination)  // RTA_DST
        try b.appendAttribute(30, uint32: nexthopID, .host)  // RTA_NH_ID
    }
}

/// The IPv4 routes of table `main`, as (destination, RTA_NH_ID) pairs, from a raw dump.
private func mainRoutes(_ connection: NetlinkConnection) async throws -> [(IPv4Address?, UInt32?)] {
    try await connection.dumpAll(type: RouteMessageType.getRoute, fixedHeaderSize: 12, { b in
        b.append(inet.rawValue)
        b.appendZeros(11)
    }) { message in
        guard message.type == RouteMessageType.newRoute else { return nil }
        var destination: IPv4Address?, nexthopID: UInt32?, table = UInt32(message.payload.unsafeLoad(fromByteOffset: 4, as: UInt8.self))
        var attributes = try message.attributes(afterFixedHeader: 12)
        while let attribute = try attributes.next() {
            switch attribute.type {
            case 1: destination = try attribute.ipv4Address()  // RTA_DST
            case 15: table = try attribute.uint32(.host)  // RTA_TABLE
            case 30: nexthopID = try attribute.uint32(.host)  // RTA_NH_ID
            default: continue
            }
        }
        return table == 254 ? (destination, nexthopID) : nil
    }
}

/// The RTA_DST of a route message.
private func routeDestination(_ message: borrowing NetlinkMessage) throws -> IPv4Address? {
    var attributes = try message.attributes(afterFixedHeader: 12)
    while let attribute = try attributes.next() {
        if attribute.type == 1 { return try attribute.ipv4Address() }  // RTA_DST
    }
    return nil
}

extension NexthopTests {
    /// Against the kernel, each test in a private namespace of its own.
    @Suite("Nexthop objects against the kernel", .enabled(if: RouteKernelAccess.available, RouteKernelAccess.reason))
    struct Kernel {
        /// Two gateways, a blackhole and a group with weights 1 and 3 read back from the dump and
        /// from a get; a replace changes the gateway in place.
        @Test(arguments: [false, true]) func singleBlackholeAndGroup(strict: Bool) async throws {
            var configuration = NetlinkConnection.Configuration()
            configuration.strictChecking = strict  // NETLINK_GET_STRICT_CHK: the kernel checks the dump request's header
            let (_, connection) = try routeTestConnection(configuration: configuration)
            let index = try await upVeth(connection, "h0", address: IPv4Address(10, 0, 0, 1))
            try await connection.setLink(index: 1, up: true)  // a blackhole nexthop lives on lo
            try await connection.addNexthop(Nexthop(id: 1, gateway: ip("10.0.0.2"), interfaceIndex: index))
            try await connection.addNexthop(Nexthop(id: 2, gateway: ip("10.0.0.3"), interfaceIndex: index))
            try await connection.addNexthop(.blackhole(id: 3))
            try await connection.addNexthop(.group(id: 10, members: [NexthopGroupMember(id: 1, weight: 1), NexthopGroupMember(id: 2, weight: 3)]))

            let all = try await connection.nexthops()
            #expect(all.map(\.id) == [1, 2, 3, 10])
            let one = try #require(all.first { $0.id == 1 })
            #expect(one.gateway == ip("10.0.0.2"))
            #expect(one.interfaceIndex == index)
            #expect(one.family == inet)
            #expect(one.scope == 253)  // RT_SCOPE_LINK: the kernel's, for a gateway on the link
            #expect(one.flags == [])
            let blackhole = try #require(all.first { $0.id == 3 })
            #expect(blackhole.isBlackhole && blackhole.gateway == nil && blackhole.interfaceIndex == nil)
            let group = try #require(all.first { $0.id == 10 })
            #expect(group.group == [NexthopGroupMember(id: 1, weight: 1), NexthopGroupMember(id: 2, weight: 3)])
            #expect(group.groupType == .multipath)
            #expect(group.family == 0)
            #expect(try await connection.nexthop(id: 10) == group)
            #expect(try await connection.nexthops(groupsOnly: true).map(\.id) == [10])
            #expect(try await connection.nexthops(interfaceIndex: index).map(\.id) == [1, 2])
            var streamed: [UInt32] = []
            for try await datagram in connection.nexthopDump(groupsOnly: true) {
                try datagram.forEachMessage { message in streamed.append(try Nexthop(decoding: message).id) }
            }
            #expect(streamed == [10])

            try await connection.replaceNexthop(Nexthop(id: 1, gateway: ip("10.0.0.4"), interfaceIndex: index))
            #expect(try await connection.nexthop(id: 1).gateway == ip("10.0.0.4"))
            // The group still holds it.
            #expect(try await connection.nexthop(id: 10).group.map(\.id) == [1, 2])

            // Deleting a member shrinks the group.
            try await connection.deleteNexthop(id: 2)
            #expect(try await connection.nexthop(id: 10).group == [NexthopGroupMember(id: 1, weight: 1)])
            #expect(try await connection.flushNexthops() == 3)
            #expect(try await connection.nexthops().isEmpty)
        }

        /// The kernel's errors, with their extended-ack messages.
        @Test func errors() async throws {
            let (_, connection) = try routeTestConnection()
            let index = try await upVeth(connection, "h0", address: IPv4Address(10, 0, 0, 1))
            try await connection.addNexthop(Nexthop(id: 1, gateway: ip("10.0.0.2"), interfaceIndex: index))

            let exists = await #expect(throws: NetlinkError.self) {
                try await connection.addNexthop(Nexthop(id: 1, gateway: ip("10.0.0.3"), interfaceIndex: index))
            }
            #expect(exists?.errno == .fileExists)
            #expect(exists?.message == nil)  // a bare EEXIST: no extended-ack message
            #expect(exists?.iproute2Description == "RTNETLINK answers: File exists")
            #expect(exists?.description == "add nexthop 1: File exists")

            let missing = await #expect(throws: NetlinkError.self) { try await connection.deleteNexthop(id: 99) }
            #expect(missing?.errno == .noSuchFileOrDirectory)
            #expect(missing?.message == nil)

            let get = await #expect(throws: NetlinkError.self) { try await connection.nexthop(id: 99) }
            #expect(get?.errno == .noSuchFileOrDirectory)
            #expect(get?.message == nil)

            // A blackhole nexthop is attached to lo, which is down in a fresh namespace.
            let loopbackDown = await #expect(throws: NetlinkError.self) { try await connection.addNexthop(.blackhole(id: 3)) }
            #expect(loopbackDown?.errno == .networkDown)
            #expect(loopbackDown?.message == "Device for nexthop is not up")

            let unspecified = await #expect(throws: NetlinkError.self) { try await connection.addNexthop(.blackhole(id: 3, family: 0)) }
            #expect(unspecified?.errno == .invalidArgument)
            #expect(unspecified?.message == "Invalid address family")

            let noDevice = await #expect(throws: NetlinkError.self) { try await connection.addNexthop(Nexthop(id: 4, gateway: ip("10.0.0.2"))) }
            #expect(noDevice?.errno == .invalidArgument)
            #expect(noDevice?.message == "Device attribute required for non-blackhole and non-fdb nexthops")

            let noMember = await #expect(throws: NetlinkError.self) {
                try await connection.addNexthop(.group(id: 10, members: [NexthopGroupMember(id: 1), NexthopGroupMember(id: 42)]))
            }
            #expect(noMember?.errno == .invalidArgument)
            #expect(noMember?.message == "Invalid nexthop id")

            let unreachable = await #expect(throws: NetlinkError.self) {
                try await connection.addNexthop(Nexthop(id: 5, gateway: ip("192.0.2.1"), interfaceIndex: index))
            }
            #expect(unreachable?.errno == .networkUnreachable)
            #expect(unreachable?.message == "Nexthop has invalid gateway")
        }

        /// RELIABILITY.md: deleting a nexthop silently deletes the routes that use it. A subscriber
        /// sees RTM_NEWROUTE for the route, then RTM_DELNEXTHOP, but never an RTM_DELROUTE.
        @Test func deletingNexthopRemovesItsRoutesSilently() async throws {
            let (_, connection) = try routeTestConnection()
            let index = try await upVeth(connection, "h0", address: IPv4Address(10, 0, 0, 1))
            let subscription = try await connection.subscribe(groups: [RouteGroup.ipv4Route, RouteGroup.nexthop])
            try await connection.addNexthop(Nexthop(id: 7, gateway: ip("10.0.0.2"), interfaceIndex: index))
            try await addRoute(connection, IPv4Address(198, 51, 100, 0), nexthopID: 7)
            try await addRoute(connection, IPv4Address(203, 0, 113, 0), nexthopID: 7)
            let before = try await mainRoutes(connection)
            #expect(before.contains { $0.0 == IPv4Address(198, 51, 100, 0) && $0.1 == 7 })
            #expect(before.contains { $0.0 == IPv4Address(203, 0, 113, 0) && $0.1 == 7 })

            try await connection.deleteNexthop(id: 7)
            let after = try await mainRoutes(connection)
            #expect(!after.contains { $0.1 == 7 })
            #expect(after.map(\.0) == [IPv4Address(10, 0, 0, 0)])  // only the prefix route of the address

            // A marker: a route added after the delete. Events keep their order, so any RTM_DELROUTE
            // for the nexthop's routes would arrive before the marker's RTM_NEWROUTE.
            try await connection.addNexthop(Nexthop(id: 8, gateway: ip("10.0.0.2"), interfaceIndex: index))
            try await addRoute(connection, IPv4Address(192, 0, 2, 0), nexthopID: 8)
            var types: [UInt16] = []
            var iterator = subscription.events.makeAsyncIterator()
            var sawMarker = false
            while !sawMarker, let event = try await iterator.next() {
                guard case .notification(let datagram) = event else { continue }
                try datagram.forEachMessage { message in
                    types.append(message.type.rawValue)
                    if message.type == RouteMessageType.newRoute, try routeDestination(message) == IPv4Address(192, 0, 2, 0) {
                        sawMarker = true
                    }
                }
            }
            // NEWNEXTHOP 7, NEWROUTE x2, DELNEXTHOP 7, NEWNEXTHOP 8, NEWROUTE (marker); no DELROUTE (25).
            #expect(types == [104, 24, 24, 105, 104, 24])
            #expect(!types.contains(RouteMessageType.deleteRoute.rawValue))
        }
    }
}
