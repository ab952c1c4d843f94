import NetlinkCore
import NetlinkRoute
import Testing

// Golden bytes for the route codec. Netlink integers are host order; these tests run on
// little-endian machines (x86-64, arm64), so host order is written little-endian here.

private func u8(_ v: UInt8) -> [UInt8] { [v] }
private func u16(_ v: UInt16) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
private func u32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
private func s32(_ v: Int32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
private func ip4(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) -> [UInt8] { [a, b, c, d] }
private func attr(_ type: UInt16, _ payload: [UInt8]) -> [UInt8] {
    let padding = (4 - payload.count % 4) % 4
    return u16(UInt16(4 + payload.count)) + u16(type) + payload + [UInt8](repeating: 0, count: padding)
}

/// A whole message: nlmsghdr (type RTM_NEWROUTE, NLM_F_MULTI, seq 7, pid 0) + `payload`.
private func newRouteMessage(_ payload: [UInt8]) -> [UInt8] {
    u32(UInt32(16 + payload.count)) + u16(24) + u16(0x2) + u32(7) + u32(0) + payload
}

private func decode(_ bytes: [UInt8]) throws(NetlinkDecodingError) -> Route {
    let message = try NetlinkMessage(bytes.span.bytes)
    return try Route(decoding: message)
}

private func decodingError(_ bytes: [UInt8]) -> NetlinkDecodingError? {
    do {
        _ = try decode(bytes)
        return nil
    } catch {
        return error
    }
}

/// The two-entry multipath payload: 10.0.0.2 weight 1 on ifindex 3, 10.0.0.3 weight 3 onlink on ifindex 3.
private let multipathPayload: [UInt8] =
    u16(16) + u8(0) + u8(0) + s32(3)  // rtnh_len 16, flags 0, hops 0 (weight 1), ifindex 3
    + attr(5, ip4(10, 0, 0, 2))  //   RTA_GATEWAY 10.0.0.2
    + u16(16) + u8(4) + u8(2) + s32(3)  // rtnh_len 16, RTNH_F_ONLINK, hops 2 (weight 3), ifindex 3
    + attr(5, ip4(10, 0, 0, 3))  //   RTA_GATEWAY 10.0.0.3

/// A malformed RTA_MULTIPATH payload and the error it must give.
struct MalformedMultipath: Sendable, CustomTestStringConvertible {
    var name: String
    var payload: [UInt8]
    var code: NetlinkDecodingError.Code
    var testDescription: String { name }
}

private let malformedMultipath: [MalformedMultipath] = [
    MalformedMultipath(name: "rtnh_len 0", payload: u16(0) + u8(0) + u8(0) + s32(3), code: .attributeLengthTooSmall),
    MalformedMultipath(name: "rtnh_len 6", payload: u16(6) + u8(0) + u8(0) + s32(3), code: .attributeLengthTooSmall),
    MalformedMultipath(
        name: "rtnh_len past the end", payload: u16(40) + u8(0) + u8(0) + s32(3) + attr(5, ip4(10, 0, 0, 2)),
        code: .attributeLengthExceedsData),
    MalformedMultipath(
        name: "second entry rtnh_len 0", payload: Array(multipathPayload[0..<16]) + u16(0) + u8(0) + u8(0) + s32(3),
        code: .attributeLengthTooSmall),
    MalformedMultipath(
        name: "4 bytes after an entry", payload: Array(multipathPayload[0..<16]) + u16(8) + u8(0) + u8(0),
        code: .truncatedStructure),
    MalformedMultipath(
        name: "gateway of 3 bytes", payload: u16(15) + u8(0) + u8(0) + s32(3) + u16(7) + u16(5) + [10, 0, 0, 0],
        code: .attributeSizeMismatch),
    MalformedMultipath(
        name: "inner nla_len 2", payload: u16(12) + u8(0) + u8(0) + s32(3) + u16(2) + u16(5),
        code: .attributeLengthTooSmall),
]

@Suite("Route codec")
struct RouteCodecTests {
    /// A message laid out field by field decodes to every field; an unknown attribute is skipped.
    @Test func goldenMessage() throws {
        let rtmsg =
            u8(2) + u8(24) + u8(0) + u8(0)  // family AF_INET, dst_len 24, src_len 0, tos 0
            + u8(254) + u8(4) + u8(0) + u8(1)  // table main, protocol static, scope universe, type unicast
            + u32(0x10)  // rtm_flags: RTNH_F_LINKDOWN
        let attributes =
            attr(15, u32(254))  // RTA_TABLE 254
            + attr(1, ip4(10, 1, 2, 0))  // RTA_DST 10.1.2.0
            + attr(5, ip4(10, 0, 0, 2))  // RTA_GATEWAY 10.0.0.2
            + attr(4, s32(3))  // RTA_OIF 3
            + attr(6, u32(100))  // RTA_PRIORITY 100
            + attr(7, ip4(10, 0, 0, 1))  // RTA_PREFSRC 10.0.0.1
            + attr(8, attr(2, u32(1400)) + attr(8, u32(1360)) + attr(16, Array("bbr".utf8) + [0]))  // RTA_METRICS: MTU, ADVMSS, CC_ALGO
            + attr(999, u32(0xDEAD))  // unknown: skipped
            + attr(16, u32(0x42))  // RTA_MARK
            + attr(30, u32(77))  // RTA_NH_ID
            + attr(20, u8(1))  // RTA_PREF (3 bytes of padding follow)
            + attr(12, u32(1) + u32(2) + s32(-3) + u32(4) + u32(5) + u32(6) + u32(7) + u32(8))  // RTA_CACHEINFO
        let route = try decode(newRouteMessage(rtmsg + attributes))
        #expect(route.family == AddressFamily.inet)
        #expect(route.destination == IPAddress("10.1.2.0"))
        #expect(route.destinationPrefixLength == 24)
        #expect(route.destinationDescription == "10.1.2.0/24")
        #expect(route.source == nil && route.sourcePrefixLength == 0)
        #expect(route.table == .main)
        #expect(route.protocol == .static)
        #expect(route.scope == .universe)
        #expect(route.type == .unicast)
        #expect(route.flags == .linkDown)
        #expect(route.gateway == IPAddress("10.0.0.2"))
        #expect(route.outputIndex == 3)
        #expect(route.priority == 100)
        #expect(route.preferredSource == IPAddress("10.0.0.1"))
        #expect(route.metrics == [RouteMetric.mtu: 1400, RouteMetric.advertisedMSS: 1360])
        #expect(route.congestionControl == "bbr")
        #expect(route.mark == 0x42)
        #expect(route.nexthopID == 77)
        #expect(route.preference == 1)
        #expect(route.cacheInfo == RouteCacheInfo(
            clientReferences: 1, lastUse: 2, expires: -3, error: 4, used: 5, id: 6, timestamp: 7, timestampAge: 8))
        #expect(route.multipath.isEmpty)
    }

    /// A table above 255: `rtm_table` says RT_TABLE_COMPAT (252), as the kernel writes it, and RTA_TABLE wins.
    @Test func tableAttributeWins() throws {
        let rtmsg = u8(2) + u8(0) + u8(0) + u8(0) + u8(252) + u8(3) + u8(0) + u8(6) + u32(0)  // blackhole default
        let route = try decode(newRouteMessage(rtmsg + attr(15, u32(300))))
        #expect(route.table == 300)
        #expect(route.type == .blackhole)
        #expect(route.destination == nil)
        #expect(route.destinationDescription == "default")
    }

    /// An IPv6 route with RTA_VIA (an IPv4 gateway) and RTA_EXPIRES as u64.
    @Test func ipv6WithVia() throws {
        let rtmsg = u8(10) + u8(64) + u8(0) + u8(0) + u8(254) + u8(3) + u8(0) + u8(1) + u32(0)
        let dst: [UInt8] = [0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        let message = newRouteMessage(
            rtmsg + attr(1, dst)  // RTA_DST 2001:db8:1::
                + attr(18, u16(2) + ip4(192, 0, 2, 1))  // RTA_VIA: AF_INET 192.0.2.1
                + attr(23, u32(5) + u32(0)))  // RTA_EXPIRES u64 5
        let route = try decode(message)
        #expect(route.destination == IPAddress("2001:db8:1::"))
        #expect(route.destinationDescription == "2001:db8:1::/64")
        #expect(route.via == RouteVia(IPAddress("192.0.2.1")!))
        #expect(route.via?.description == "inet 192.0.2.1")
        #expect(route.expires == 5)
    }

    /// A multipath attribute: two entries with their weights (hops + 1), flags and gateways.
    @Test func goldenMultipath() throws {
        let rtmsg = u8(2) + u8(16) + u8(0) + u8(0) + u8(254) + u8(3) + u8(0) + u8(1) + u32(0)
        let route = try decode(newRouteMessage(rtmsg + attr(1, ip4(10, 6, 0, 0)) + attr(9, multipathPayload)))
        #expect(route.multipath == [
            RouteNexthop(gateway: IPAddress("10.0.0.2"), outputIndex: 3, weight: 1),
            RouteNexthop(gateway: IPAddress("10.0.0.3"), outputIndex: 3, weight: 3, flags: .onlink),
        ])
        #expect(route.gateway == nil && route.outputIndex == nil)
    }

    /// Encoding the same nexthops gives the same bytes, as an RTA_MULTIPATH without NLA_F_NESTED.
    @Test func encodeMultipath() throws {
        var builder = NetlinkMessageBuilder()
        try RouteNexthop.encodeMultipath([
            RouteNexthop(gateway: IPAddress("10.0.0.2"), outputIndex: 3, weight: 1, flags: .linkDown),  // linkdown dropped
            RouteNexthop(gateway: IPAddress("10.0.0.3"), outputIndex: 3, weight: 3, flags: .onlink),
        ], into: &builder)
        #expect(builder.bytes == attr(9, multipathPayload))
    }

    /// A weight outside 1...256 is an encoding error and leaves the builder as it was.
    @Test(arguments: [0, 257, -1]) func badWeight(weight: Int) {
        var builder = NetlinkMessageBuilder()
        let error = #expect(throws: NetlinkEncodingError.self) {
            try RouteNexthop.encodeMultipath([RouteNexthop(gateway: IPAddress("10.0.0.2"), weight: weight)], into: &builder)
        }
        #expect(error?.code.rawValue == "valueOutOfRange")
        #expect(error?.attributeType == RouteAttribute.multipath)
        #expect(builder.count == 0)
    }

    /// Malformed multipath entries are typed errors pointing into the message, never a trap or a loop.
    @Test(arguments: malformedMultipath) func malformedMultipathEntries(_ testCase: MalformedMultipath) {
        let rtmsg = u8(2) + u8(16) + u8(0) + u8(0) + u8(254) + u8(3) + u8(0) + u8(1) + u32(0)
        let error = decodingError(newRouteMessage(rtmsg + attr(9, testCase.payload)))
        #expect(error?.code == testCase.code)
        #expect(error?.offset.map { $0 >= 16 + 12 } == true)
    }

    /// `rtnh_len == 0` is reported at the entry's offset with RTA_MULTIPATH as the attribute.
    @Test func zeroLengthNexthopOffset() {
        let rtmsg = u8(2) + u8(16) + u8(0) + u8(0) + u8(254) + u8(3) + u8(0) + u8(1) + u32(0)
        let error = decodingError(newRouteMessage(rtmsg + attr(9, u16(0) + u8(0) + u8(0) + s32(3))))
        #expect(error?.code == .attributeLengthTooSmall)
        #expect(error?.attributeType == RouteAttribute.multipath)
        #expect(error?.offset == 16 + 12 + 4)  // nlmsghdr, rtmsg, the RTA_MULTIPATH header
        #expect(error?.actual == 0)
    }

    /// A header cut short and wrong-sized attributes are typed errors.
    @Test func malformedMessages() {
        #expect(decodingError(newRouteMessage(u8(2) + u8(24) + u8(0)))?.code == .truncatedStructure)
        let rtmsg = u8(2) + u8(24) + u8(0) + u8(0) + u8(254) + u8(4) + u8(0) + u8(1) + u32(0)
        #expect(decodingError(newRouteMessage(rtmsg + attr(5, [10, 0, 0])))?.code == .attributeSizeMismatch)
        #expect(decodingError(newRouteMessage(rtmsg + attr(4, [1, 0])))?.code == .attributeSizeMismatch)
        #expect(decodingError(newRouteMessage(rtmsg + attr(12, u32(1))))?.code == .attributeSizeMismatch)
        #expect(decodingError(newRouteMessage(rtmsg + attr(18, [2])))?.code == .truncatedStructure)
        #expect(decodingError(newRouteMessage(rtmsg + attr(8, u16(2) + u16(2))))?.code == .attributeLengthTooSmall)
        #expect(decodingError(newRouteMessage(rtmsg + u16(40) + u16(1)))?.code == .attributeLengthExceedsData)
    }

    /// An add request laid out field by field: table 300 in RTA_TABLE with rtm_table 0, protocol
    /// boot and type unicast filled in, scope universe for a gateway route, metrics nested.
    @Test func encodeAdd() throws {
        var route = Route(destination: IPAddress("10.1.0.0"), prefixLength: 16, table: 300, gateway: IPAddress("10.0.0.2"), outputIndex: 3, priority: 50)
        route.metrics = [RouteMetric.advertisedMSS: 1360, RouteMetric.mtu: 1400]
        route.flags = [.onlink, .linkDown, .cloned]  // only onlink is sent
        var builder = NetlinkMessageBuilder()
        try route.encode(into: &builder)
        let expected =
            u8(2) + u8(16) + u8(0) + u8(0)  // AF_INET, dst_len 16, src_len 0, tos 0
            + u8(0) + u8(3) + u8(0) + u8(1)  // table 0 (in RTA_TABLE), RTPROT_BOOT, universe, unicast
            + u32(0x4)  // RTNH_F_ONLINK
            + attr(15, u32(300))  // RTA_TABLE
            + attr(1, ip4(10, 1, 0, 0))  // RTA_DST
            + attr(4, s32(3))  // RTA_OIF
            + attr(5, ip4(10, 0, 0, 2))  // RTA_GATEWAY
            + attr(6, u32(50))  // RTA_PRIORITY
            + attr(8, attr(2, u32(1400)) + attr(8, u32(1360)))  // RTA_METRICS (no NLA_F_NESTED): MTU, ADVMSS
        #expect(builder.bytes == expected)
    }

    /// Scopes chosen as `ip route add` chooses them.
    @Test func defaultScopes() {
        #expect(Route(destination: IPAddress("10.0.0.0"), prefixLength: 8, outputIndex: 2).defaultScope == .link)
        #expect(Route(destination: IPAddress("10.0.0.0"), prefixLength: 8, gateway: IPAddress("10.0.0.1")).defaultScope == .universe)
        #expect(Route(destination: IPAddress("10.0.0.0"), prefixLength: 8, type: .blackhole).defaultScope == .universe)
        #expect(Route(destination: IPAddress("10.0.0.1"), type: .local).defaultScope == .host)
        #expect(Route(destination: IPAddress("10.0.0.255"), type: .broadcast).defaultScope == .link)
        #expect(Route(destination: IPAddress("2001:db8::"), prefixLength: 64, outputIndex: 2).defaultScope == .universe)
    }

    /// A delete writes the key only: unspecified type and protocol, scope nowhere, no metrics; and a
    /// nexthop ID leaves the device and gateway out (the kernel refuses both together).
    @Test func encodeDelete() throws {
        var route = Route(destination: IPAddress("10.1.0.0"), prefixLength: 16, gateway: IPAddress("10.0.0.2"), outputIndex: 3)
        route.metrics = [RouteMetric.mtu: 1400]
        route.nexthopID = 9
        var builder = NetlinkMessageBuilder()
        try route.encode(into: &builder, for: .delete)
        let expected =
            u8(2) + u8(16) + u8(0) + u8(0) + u8(254) + u8(0) + u8(255) + u8(0) + u32(0)  // main, any proto, nowhere, any type
            + attr(1, ip4(10, 1, 0, 0))  // RTA_DST
            + attr(30, u32(9))  // RTA_NH_ID
        #expect(builder.bytes == expected)
    }

    /// An IPv6 route with a multipath list, a via and a preference.
    @Test func encodeIPv6() throws {
        var route = Route(destination: IPAddress("2001:db8:5::"), prefixLength: 48)
        route.multipath = [
            RouteNexthop(gateway: IPAddress("fe80::1"), outputIndex: 2, weight: 2),
            RouteNexthop(via: RouteVia(IPAddress("192.0.2.1")!), outputIndex: 2),
        ]
        route.preference = 1
        var builder = NetlinkMessageBuilder()
        try route.encode(into: &builder)
        let fe80: [UInt8] = [0xfe, 0x80] + [UInt8](repeating: 0, count: 13) + [1]
        let expected =
            u8(10) + u8(48) + u8(0) + u8(0) + u8(254) + u8(3) + u8(0) + u8(1) + u32(0)
            + attr(1, [0x20, 0x01, 0x0d, 0xb8, 0, 5] + [UInt8](repeating: 0, count: 10))
            + attr(9,
                u16(28) + u8(0) + u8(1) + s32(2) + attr(5, fe80)  // weight 2
                + u16(20) + u8(0) + u8(0) + s32(2) + attr(18, u16(2) + ip4(192, 0, 2, 1)))  // RTA_VIA: 6 bytes, padded to 8
            + attr(20, u8(1))  // RTA_PREF
        #expect(builder.bytes == expected)
        // And it reads back.
        let decoded = try decode(newRouteMessage(builder.bytes))
        #expect(decoded.multipath == route.multipath)
        #expect(decoded.preference == 1)
    }

    /// The dump request asks for table 300 in RTA_TABLE, a device in RTA_OIF; prefix lengths stay 0.
    @Test func dumpRequest() throws {
        var builder = NetlinkMessageBuilder()
        try RouteFilter(family: AddressFamily.inet, table: 300, protocol: .static, type: .unicast, outputIndex: 5, cloned: true,
                        destination: .exact(IPAddress("10.0.0.0")!, prefixLength: 8)).encodeDumpRequest(into: &builder)
        #expect(builder.bytes ==
            u8(2) + u8(0) + u8(0) + u8(0) + u8(0) + u8(4) + u8(0) + u8(1) + u32(0x200)  // RTM_F_CLONED
            + attr(15, u32(300)) + attr(4, s32(5)))
        builder.removeAll()
        try RouteFilter(table: .main).encodeDumpRequest(into: &builder)
        #expect(builder.bytes == u8(0) + u8(0) + u8(0) + u8(0) + u8(254) + u8(0) + u8(0) + u8(0) + u32(0))
    }

    /// Prefix matching as `ip route show exact/match/root`.
    @Test func prefixMatching() {
        let net = IPAddress("10.1.0.0")!
        let exact = RoutePrefixMatch.exact(net, prefixLength: 16)
        let containing = RoutePrefixMatch.containing(IPAddress("10.1.2.3")!, prefixLength: 32)
        let within = RoutePrefixMatch.within(IPAddress("10.0.0.0")!, prefixLength: 8)
        let v4 = AddressFamily.inet
        #expect(exact.matches(net, prefixLength: 16, family: v4))
        #expect(!exact.matches(net, prefixLength: 24, family: v4))
        #expect(!exact.matches(IPAddress("10.2.0.0"), prefixLength: 16, family: v4))
        #expect(containing.matches(net, prefixLength: 16, family: v4))
        #expect(containing.matches(nil, prefixLength: 0, family: v4))  // the default route contains everything
        #expect(!containing.matches(IPAddress("10.2.0.0"), prefixLength: 16, family: v4))
        #expect(within.matches(net, prefixLength: 16, family: v4))
        #expect(!within.matches(nil, prefixLength: 0, family: v4))
        #expect(!within.matches(IPAddress("11.0.0.0"), prefixLength: 16, family: v4))
        #expect(!exact.matches(IPAddress("2001:db8::"), prefixLength: 16, family: AddressFamily.inet6))
        let v6 = RoutePrefixMatch.containing(IPAddress("2001:db8:1:2::5")!, prefixLength: 128)
        #expect(v6.matches(IPAddress("2001:db8:1::"), prefixLength: 48, family: AddressFamily.inet6))
        #expect(v6.matches(IPAddress("2001:db8:1:2::"), prefixLength: 64, family: AddressFamily.inet6))
        #expect(!v6.matches(IPAddress("2001:db8:1:3::"), prefixLength: 64, family: AddressFamily.inet6))
        #expect(v6.matches(IPAddress("2001:db8:1:2::5"), prefixLength: 128, family: AddressFamily.inet6))
    }

    /// The user-space filter checks every field, including multipath gateways and devices.
    @Test func filterMatches() {
        var route = Route(destination: IPAddress("10.6.0.0"), prefixLength: 16, type: .unicast, table: 300, protocol: .static, scope: .universe)
        route.multipath = [RouteNexthop(gateway: IPAddress("10.0.0.2"), outputIndex: 3), RouteNexthop(gateway: IPAddress("10.0.0.3"), outputIndex: 4)]
        #expect(RouteFilter().matches(route))
        #expect(RouteFilter(family: AddressFamily.inet, table: 300, protocol: .static, type: .unicast).matches(route))
        #expect(!RouteFilter(table: .main).matches(route))
        #expect(!RouteFilter(family: AddressFamily.inet6).matches(route))
        #expect(RouteFilter(outputIndex: 4).matches(route))
        #expect(!RouteFilter(outputIndex: 5).matches(route))
        #expect(RouteFilter(gateway: IPAddress("10.0.0.3")).matches(route))
        #expect(!RouteFilter(gateway: IPAddress("10.0.0.4")).matches(route))
        #expect(RouteFilter(priority: 0).matches(route))
        #expect(!RouteFilter(priority: 5).matches(route))
        #expect(!RouteFilter(cloned: true).matches(route))
        #expect(!RouteFilter(scope: .link).matches(route))
        #expect(RouteFilter(destination: .containing(IPAddress("10.6.7.8")!, prefixLength: 32)).matches(route))
    }

    /// Names for error paths, nested metrics included; printable names of the constants.
    @Test func namesAndDescriptions() {
        let names = RouteAttributeNames()
        #expect(names.attributeName(RouteAttribute.gateway, parents: []) == "RTA_GATEWAY")
        #expect(names.attributeName(RouteAttribute.nexthopID, parents: []) == "RTA_NH_ID")
        #expect(names.attributeName(RouteMetric.mtu, parents: [RouteAttribute.metrics]) == "RTAX_MTU")
        #expect(names.isNested(RouteAttribute.metrics, parents: []))
        #expect(!names.isNested(RouteAttribute.multipath, parents: []))
        #expect(RouteType.blackhole.description == "blackhole")
        #expect(RouteType(rawValue: 42).description == "42")
        #expect(RouteProtocol.kernel.description == "kernel")
        #expect(RouteProtocol.bgp.description == "bgp")
        #expect(RouteScope.universe.description == "global")
        #expect(RouteScope.link.description == "link")
        #expect(RouteTable.main.description == "main")
        #expect(RouteTable(rawValue: 300).description == "300")
    }
}

/// Lightweight-tunnel encapsulation: `RTA_ENCAP`'s nested attributes kept as sent (on the route and
/// on a multipath hop), and written back — `RTA_ENCAP` with `NLA_F_NESTED`, then `RTA_ENCAP_TYPE`,
/// as ip sends them — when a route is added.
@Suite("Route encapsulation")
struct RouteEncapsulationTests {
    static let ipTunnel = attr(1, [0, 0, 0, 0, 0, 0, 0, 5]) + attr(2, ip4(192, 0, 2, 9))   // LWTUNNEL_IP_ID 5 (be64), DST

    @Test func decodesRouteAndHop() throws {
        let hop = u16(UInt16(8 + 4 + Self.ipTunnel.count + 8 + 8)) + u8(0) + u8(0) + s32(3) + attr(22, Self.ipTunnel) + attr(21, u16(2))
            + attr(5, ip4(10, 0, 0, 2))
        let route = try decode(newRouteMessage(
            [2, 16, 0, 0, 254, 4, 0, 1] + u32(0) + attr(1, ip4(10, 30, 0, 0)) + attr(22, Self.ipTunnel) + attr(21, u16(2)) + attr(9, hop)))
        #expect(route.encapsulationType == 2)
        #expect(route.encapsulation == Self.ipTunnel)
        #expect(route.multipath.first?.encapsulationType == 2)
        #expect(route.multipath.first?.encapsulation == Self.ipTunnel)
        #expect(route.multipath.first?.gateway == IPAddress("10.0.0.2"))
    }

    @Test func encodesForAdd() throws {
        var route = Route(destination: IPAddress("10.30.0.0"), prefixLength: 16, outputIndex: 3)
        route.encapsulationType = 2
        route.encapsulation = Self.ipTunnel
        var builder = NetlinkMessageBuilder()
        try route.encode(into: &builder)
        let bytes = builder.bytes
        let expected = u16(UInt16(4 + Self.ipTunnel.count)) + u16(22 | 0x8000) + Self.ipTunnel + attr(21, u16(2))
        #expect(bytes.count >= expected.count && Array(bytes.suffix(expected.count)) == expected, "\(bytes)")
        var deleting = NetlinkMessageBuilder()
        try route.encode(into: &deleting, for: .delete)
        #expect(deleting.bytes.count == bytes.count - expected.count, "a delete names the route without its tunnel")
    }
}
