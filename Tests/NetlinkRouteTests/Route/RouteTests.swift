import Netlink
import NetlinkCore
import NetlinkRoute
import SystemPackage
import Testing

// Route operations against the real kernel, each test in its own private network namespace.

private let v4 = AddressFamily.inet
private let v6 = AddressFamily.inet6


/// Adds an address with RTM_NEWADDR (`struct ifaddrmsg` + IFA_LOCAL/IFA_ADDRESS), without the
/// address API: IPv6 addresses get IFA_F_NODAD so that they are usable at once.
private func addTestAddress(_ connection: NetlinkConnection, index: Int32, _ address: IPAddress, prefixLength: UInt8) async throws {
    let family = AddressFamily(of: address)
    try await connection.execute(type: RouteMessageType.newAddress, flags: [.create, .exclusive], fixedHeaderSize: 8) { b in
        b.append(family.rawValue)  // ifa_family
        b.append(prefixLength)  // ifa_prefixlen
        b.append(UInt8(family == v6 ? 0x02 : 0))  // ifa_flags: IFA_F_NODAD
        b.append(UInt8(0))  // ifa_scope: universe
        b.append(UInt32(bitPattern: index))  // ifa_index
        try b.appendAttribute(2, ip: address)  // IFA_LOCAL
        try b.appendAttribute(1, ip: address)  // IFA_ADDRESS
    }
}

/// A private namespace with an ifb link `r0`, up, holding 10.0.0.1/24 and 2001:db8::1/64: the
/// gateways 10.0.0.2-254 and 2001:db8::2... are on link.
private func routeTestbed(configuration: NetlinkConnection.Configuration = .init()) async throws -> (NetworkNamespace, NetlinkConnection, Int32) {
    let (namespace, connection) = try routeTestConnection(configuration: configuration)
    try await connection.createLink(name: "r0", kind: "ifb")
    let index = try await connection.link(named: "r0").index
    try await connection.setLink(index: index, up: true)
    try await addTestAddress(connection, index: index, ip("10.0.0.1"), prefixLength: 24)
    try await addTestAddress(connection, index: index, ip("2001:db8::1"), prefixLength: 64)
    return (namespace, connection, index)
}

/// The routes of `family` whose destination is exactly `prefix`, in any table.
private func routes(_ connection: NetlinkConnection, to prefix: String, _ length: UInt8, table: RouteTable? = nil) async throws -> [Route] {
    let address = ip(prefix)
    return try await connection.routes(filter: RouteFilter(
        family: AddressFamily(of: address), table: table, destination: .exact(address, prefixLength: length)))
}

@Suite("Routes against the kernel", .enabled(if: RouteKernelAccess.available, RouteKernelAccess.reason))
struct RouteTests {
    /// A unicast route via a gateway reads back with the device the kernel resolved and ip's defaults.
    @Test func unicastViaGateway() async throws {
        let (_, connection, r0) = try await routeTestbed()
        try await connection.addRoute(Route(destination: ip("10.1.0.0"), prefixLength: 16, gateway: ip("10.0.0.2")))
        let found = try await routes(connection, to: "10.1.0.0", 16)
        #expect(found.count == 1)
        let route = try #require(found.first)
        #expect(route.gateway == ip("10.0.0.2"))
        #expect(route.outputIndex == r0)
        #expect(route.table == .main)
        #expect(route.protocol == .boot)
        #expect(route.scope == .universe)
        #expect(route.type == .unicast)
        #expect(route.destinationDescription == "10.1.0.0/16")

        // The kernel's own connected route is there too, scope link, protocol kernel, with the preferred source.
        let connected = try #require(try await routes(connection, to: "10.0.0.0", 24).first)
        #expect(connected.protocol == .kernel && connected.scope == .link)
        #expect(connected.preferredSource == ip("10.0.0.1"))
        #expect(connected.gateway == nil && connected.outputIndex == r0)

        // The same for IPv6.
        try await connection.addRoute(Route(destination: ip("2001:db8:1::"), prefixLength: 48, gateway: ip("2001:db8::2"), priority: 42))
        let route6 = try #require(try await routes(connection, to: "2001:db8:1::", 48).first)
        #expect(route6.gateway == ip("2001:db8::2"))
        #expect(route6.outputIndex == r0)
        #expect(route6.priority == 42)
        #expect(route6.family == v6)
    }

    /// Blackhole, unreachable and prohibit routes need no device.
    @Test func routesWithoutDevice() async throws {
        let (_, connection) = try routeTestConnection()
        let types: [(String, RouteType)] = [("10.2.0.0", .blackhole), ("10.3.0.0", .unreachable), ("10.4.0.0", .prohibit)]
        for (prefix, type) in types {
            try await connection.addRoute(Route(destination: ip(prefix), prefixLength: 16, type: type))
        }
        for (prefix, type) in types {
            let route = try #require(try await routes(connection, to: prefix, 16).first)
            #expect(route.type == type)
            #expect(route.outputIndex == nil)
            #expect(route.gateway == nil)
        }
        let byType = try await connection.routes(filter: RouteFilter(family: v4, type: .unreachable))
        #expect(byType.map(\.destinationDescription) == ["10.3.0.0/16"])

        // IPv6 too; the kernel attaches IPv6 reject routes to lo.
        try await connection.addRoute(Route(destination: ip("2001:db8:dead::"), prefixLength: 48, type: .blackhole))
        let route6 = try #require(try await routes(connection, to: "2001:db8:dead::", 48).first)
        #expect(route6.type == .blackhole)
        #expect(route6.outputIndex == 1)
    }

    /// A route in table 300 travels in RTA_TABLE; the kernel answers rtm_table RT_TABLE_COMPAT (252)
    /// plus RTA_TABLE 300, and the model reads 300.
    @Test func tableAbove255() async throws {
        let (_, connection, _) = try await routeTestbed()
        try await connection.addRoute(Route(destination: ip("10.5.0.0"), prefixLength: 16, table: 300, gateway: ip("10.0.0.2")))
        let route = try #require(try await routes(connection, to: "10.5.0.0", 16).first)
        #expect(route.table == 300)
        #expect(try await connection.routes(filter: RouteFilter(family: v4, table: .main, destination: .exact(ip("10.5.0.0"), prefixLength: 16))).isEmpty)

        var headerTables: [UInt8] = []
        for try await datagram in connection.routeDump(filter: RouteFilter(family: v4)) {
            try datagram.forEachMessage { message in
                if try Route(decoding: message).table == 300 { headerTables.append(try RouteMessage(decoding: message).table) }
            }
        }
        #expect(headerTables == [252])
    }

    /// Two gateways with weights 1 and 3 read back as two nexthops with those weights.
    @Test func multipathWeights() async throws {
        let (_, connection, r0) = try await routeTestbed()
        var route = Route(destination: ip("10.6.0.0"), prefixLength: 16)
        route.multipath = [
            RouteNexthop(gateway: ip("10.0.0.2"), outputIndex: r0, weight: 1),
            RouteNexthop(gateway: ip("10.0.0.3"), outputIndex: r0, weight: 3),
        ]
        try await connection.addRoute(route)
        let read = try #require(try await routes(connection, to: "10.6.0.0", 16).first)
        #expect(read.multipath.map(\.gateway) == [ip("10.0.0.2"), ip("10.0.0.3")])
        #expect(read.multipath.map(\.weight) == [1, 3])
        #expect(read.multipath.map(\.outputIndex) == [r0, r0])
        #expect(read.gateway == nil)
        #expect(try await connection.routes(filter: RouteFilter(family: v4, gateway: ip("10.0.0.3"))).count == 1)

        // IPv6 multipath reads back the same way.
        var route6 = Route(destination: ip("2001:db8:6::"), prefixLength: 48)
        route6.multipath = [
            RouteNexthop(gateway: ip("2001:db8::2"), outputIndex: r0, weight: 1),
            RouteNexthop(gateway: ip("2001:db8::3"), outputIndex: r0, weight: 3),
        ]
        try await connection.addRoute(route6)
        let read6 = try #require(try await routes(connection, to: "2001:db8:6::", 48).first)
        #expect(Set(read6.multipath.map(\.gateway)) == [ip("2001:db8::2"), ip("2001:db8::3")])
        #expect(read6.multipath.map(\.weight).sorted() == [1, 3])
    }

    /// Metrics MTU 1400 and advertised MSS 1360 (and a congestion control algorithm) read back.
    @Test func metrics() async throws {
        let (_, connection, _) = try await routeTestbed()
        var route = Route(destination: ip("10.7.0.0"), prefixLength: 16, gateway: ip("10.0.0.2"))
        route.metrics = [RouteMetric.mtu: 1400, RouteMetric.advertisedMSS: 1360]
        route.congestionControl = "cubic"
        try await connection.addRoute(route)
        let read = try #require(try await routes(connection, to: "10.7.0.0", 16).first)
        #expect(read.metrics[RouteMetric.mtu] == 1400)
        #expect(read.metrics[RouteMetric.advertisedMSS] == 1360)
        #expect(read.congestionControl == "cubic")

        var route6 = Route(destination: ip("2001:db8:7::"), prefixLength: 48, gateway: ip("2001:db8::2"))
        route6.metrics = [RouteMetric.mtu: 1400, RouteMetric.hopLimit: 9]
        try await connection.addRoute(route6)
        let read6 = try #require(try await routes(connection, to: "2001:db8:7::", 48).first)
        #expect(read6.metrics[RouteMetric.mtu] == 1400)
        #expect(read6.metrics[RouteMetric.hopLimit] == 9)
    }

    /// Replace swaps the gateway of the one route; replace of a missing route creates it.
    @Test func replace() async throws {
        let (_, connection, _) = try await routeTestbed()
        try await connection.addRoute(Route(destination: ip("10.8.0.0"), prefixLength: 16, gateway: ip("10.0.0.2")))
        try await connection.replaceRoute(Route(destination: ip("10.8.0.0"), prefixLength: 16, gateway: ip("10.0.0.3")))
        #expect(try await routes(connection, to: "10.8.0.0", 16).map(\.gateway) == [ip("10.0.0.3")])
        try await connection.replaceRoute(Route(destination: ip("10.9.0.0"), prefixLength: 16, gateway: ip("10.0.0.3")))
        #expect(try await routes(connection, to: "10.9.0.0", 16).count == 1)
    }

    /// Append: IPv6 merges a second gateway into one multipath route; IPv4 keeps two entries.
    @Test func append() async throws {
        let (_, connection, _) = try await routeTestbed()
        try await connection.addRoute(Route(destination: ip("2001:db8:8::"), prefixLength: 48, gateway: ip("2001:db8::2")))
        try await connection.appendRoute(Route(destination: ip("2001:db8:8::"), prefixLength: 48, gateway: ip("2001:db8::3")))
        let read6 = try await routes(connection, to: "2001:db8:8::", 48)
        #expect(read6.count == 1)
        #expect(Set(read6.first?.multipath.map(\.gateway) ?? []) == [ip("2001:db8::2"), ip("2001:db8::3")])

        try await connection.addRoute(Route(destination: ip("10.8.0.0"), prefixLength: 16, gateway: ip("10.0.0.2")))
        try await connection.appendRoute(Route(destination: ip("10.8.0.0"), prefixLength: 16, gateway: ip("10.0.0.3")))
        let read4 = try await routes(connection, to: "10.8.0.0", 16)
        #expect(read4.map(\.gateway) == [ip("10.0.0.2"), ip("10.0.0.3")])
    }

    /// Delete by key, and delete a route read from a dump.
    @Test func delete() async throws {
        let (_, connection, _) = try await routeTestbed()
        try await connection.addRoute(Route(destination: ip("10.10.0.0"), prefixLength: 16, gateway: ip("10.0.0.2"), priority: 7))
        try await connection.addRoute(Route(destination: ip("10.11.0.0"), prefixLength: 16, type: .blackhole))
        try await connection.addRoute(Route(destination: ip("2001:db8:a::"), prefixLength: 48, gateway: ip("2001:db8::2")))
        try await connection.deleteRoute(Route(destination: ip("10.10.0.0"), prefixLength: 16))
        #expect(try await routes(connection, to: "10.10.0.0", 16).isEmpty)
        // Unspecified type matches the blackhole.
        try await connection.deleteRoute(Route(destination: ip("10.11.0.0"), prefixLength: 16))
        #expect(try await routes(connection, to: "10.11.0.0", 16).isEmpty)
        let read = try #require(try await routes(connection, to: "2001:db8:a::", 48).first)
        try await connection.deleteRoute(read)
        #expect(try await routes(connection, to: "2001:db8:a::", 48).isEmpty)
    }

    /// Flush a table: its routes go, the count says how many, other tables stay.
    @Test func flushTable() async throws {
        let (_, connection, _) = try await routeTestbed()
        for prefix in ["10.20.0.0", "10.21.0.0", "10.22.0.0"] {
            try await connection.addRoute(Route(destination: ip(prefix), prefixLength: 16, table: 100, gateway: ip("10.0.0.2")))
        }
        try await connection.addRoute(Route(destination: ip("10.23.0.0"), prefixLength: 16, type: .unreachable, table: 100))
        try await connection.addRoute(Route(destination: ip("10.20.0.0"), prefixLength: 16, gateway: ip("10.0.0.2")))
        let flushed = try await connection.flushRoutes(filter: RouteFilter(family: v4, table: 100))
        #expect(flushed == 4)
        #expect(try await connection.routes(filter: RouteFilter(family: v4, table: 100)).isEmpty)
        #expect(try await routes(connection, to: "10.20.0.0", 16, table: .main).count == 1)
        #expect(try await connection.flushRoutes(filter: RouteFilter(family: v4, table: 100)) == 0)
    }

    /// `ip route get`: the resolved route for one address, and with fibmatch the FIB entry.
    @Test func getRoute() async throws {
        let (_, connection, r0) = try await routeTestbed()
        try await connection.addRoute(Route(destination: ip("10.1.0.0"), prefixLength: 16, gateway: ip("10.0.0.2")))
        let resolved = try await connection.getRoute(to: ip("10.1.2.3"))
        #expect(resolved.destination == ip("10.1.2.3"))
        #expect(resolved.destinationPrefixLength == 32)
        #expect(resolved.gateway == ip("10.0.0.2"))
        #expect(resolved.outputIndex == r0)
        #expect(resolved.preferredSource == ip("10.0.0.1"))
        #expect(resolved.table == .main)

        let entry = try await connection.getRoute(to: ip("10.1.2.3"), fibMatch: true)
        #expect(entry.destination == ip("10.1.0.0"))
        #expect(entry.destinationPrefixLength == 16)
        #expect(entry.gateway == ip("10.0.0.2"))

        let onLink = try await connection.getRoute(to: ip("10.0.0.7"), mark: 5)
        #expect(onLink.gateway == nil && onLink.outputIndex == r0)
        #expect(onLink.mark == 5)

        try await connection.addRoute(Route(destination: ip("2001:db8:1::"), prefixLength: 48, gateway: ip("2001:db8::2")))
        let resolved6 = try await connection.getRoute(to: ip("2001:db8:1::9"))
        #expect(resolved6.gateway == ip("2001:db8::2"))
        #expect(resolved6.outputIndex == r0)
        #expect(resolved6.destinationPrefixLength == 128)
        let entry6 = try await connection.getRoute(to: ip("2001:db8:1::9"), fibMatch: true)
        #expect(entry6.destinationPrefixLength == 48)

        let error = await #expect(throws: NetlinkError.self) { try await connection.getRoute(to: ip("192.0.2.1")) }
        #expect(error?.errno == .networkUnreachable)
    }

    /// A lookup as if a packet from 10.0.0.5 arrived on r0 for our own address: a local route, with RTA_IIF.
    @Test func getRouteInput() async throws {
        let (_, connection, r0) = try await routeTestbed()
        let route = try await connection.getRoute(to: ip("10.0.0.1"), from: ip("10.0.0.5"), inputIndex: r0)
        #expect(route.type == .local)
        #expect(route.inputIndex == r0)
        #expect(route.source == ip("10.0.0.5"))
        // Without custom rules the kernel merges the local table into main, so the lookup reports
        // main although a dump lists the route in table local.
        #expect(route.table == .main)
        #expect(try await connection.routes(filter: RouteFilter(family: v4, type: .local)).map(\.table) == [.local])
    }

    /// An IPv4 route with an IPv6 gateway (RTA_VIA, RFC 5549) reads back as a via of family AF_INET6.
    @Test func ipv4RouteViaIPv6Gateway() async throws {
        let (_, connection, r0) = try await routeTestbed()
        var route = Route(destination: ip("10.60.0.0"), prefixLength: 16, outputIndex: r0)
        route.via = RouteVia(ip("2001:db8::2"))
        try await connection.addRoute(route)
        let read = try #require(try await routes(connection, to: "10.60.0.0", 16).first)
        #expect(read.via == RouteVia(ip("2001:db8::2")))
        #expect(read.via?.description == "inet6 2001:db8::2")
        #expect(read.gateway == nil)
        #expect(try await connection.routes(filter: RouteFilter(family: v4, gateway: ip("2001:db8::2"))).count == 1)
        try await connection.deleteRoute(read)
        #expect(try await routes(connection, to: "10.60.0.0", 16).isEmpty)
    }

    /// A route using a nexthop object (made here with a raw RTM_NEWNEXTHOP) reads back its ID; the
    /// dump also spells out the device and gateway, and deleting the route read back works because
    /// the encoder leaves them out next to RTA_NH_ID.
    @Test func nexthopObject() async throws {
        let (_, connection, r0) = try await routeTestbed()
        try await connection.execute(type: NetlinkMessageType(104), flags: [.create, .exclusive], fixedHeaderSize: 8) { b in
            b.append(v4.rawValue)  // nh_family
            b.append(UInt8(0))  // nh_scope
            b.append(UInt8(3))  // nh_protocol: boot
            b.append(UInt8(0))  // resvd
            b.append(UInt32(0))  // nh_flags
            try b.appendAttribute(1, uint32: 17, .host)  // NHA_ID
            try b.appendAttribute(5, int32: r0, .host)  // NHA_OIF
            try b.appendAttribute(6, ip: ip("10.0.0.2"))  // NHA_GATEWAY
        }
        var route = Route(destination: ip("10.61.0.0"), prefixLength: 16, outputIndex: r0)
        route.nexthopID = 17
        try await connection.addRoute(route)
        let read = try #require(try await routes(connection, to: "10.61.0.0", 16).first)
        #expect(read.nexthopID == 17)
        #expect(read.gateway == ip("10.0.0.2"))
        #expect(read.outputIndex == r0)
        try await connection.deleteRoute(read)
        #expect(try await routes(connection, to: "10.61.0.0", 16).isEmpty)
    }

    /// Under strict checking the kernel filters by table and marks every reply NLM_F_DUMP_FILTERED.
    @Test func strictDumpFilteredByTable() async throws {
        var configuration = NetlinkConnection.Configuration()
        configuration.strictChecking = true
        let (_, connection, _) = try await routeTestbed(configuration: configuration)
        try await connection.addRoute(Route(destination: ip("10.30.0.0"), prefixLength: 16, table: 300, gateway: ip("10.0.0.2")))
        try await connection.addRoute(Route(destination: ip("10.31.0.0"), prefixLength: 16, type: .blackhole, table: 300))
        try await connection.addRoute(Route(destination: ip("10.32.0.0"), prefixLength: 16, gateway: ip("10.0.0.2")))

        var tables: [RouteTable] = []
        var filteredFlags: [Bool] = []
        for try await datagram in connection.routeDump(filter: RouteFilter(family: v4, table: 300)) {
            try datagram.forEachMessage { message in
                tables.append(try Route(decoding: message).table)
                filteredFlags.append(message.flags.contains(.dumpFiltered))
            }
        }
        #expect(tables == [300, 300])
        #expect(filteredFlags == [true, true])
        #expect(try await connection.routes(filter: RouteFilter(family: v4, table: 300)).map(\.destinationDescription) == ["10.30.0.0/16", "10.31.0.0/16"])
        // Filters by protocol and type too.
        var streamed: [String] = []
        for try await route in connection.routeStream(filter: RouteFilter(family: v4, type: .blackhole)) {
            streamed.append(route.destinationDescription)
        }
        #expect(streamed == ["10.31.0.0/16"])

        // An IPv4 dump of a table that does not exist fails.
        let error = await #expect(throws: NetlinkError.self) {
            _ = try await connection.routes(filter: RouteFilter(family: v4, table: 999))
        }
        #expect(error?.code == .dumpFailed)
        #expect(error?.errno == .noSuchFileOrDirectory)
        #expect(error?.message == "ipv4: FIB table does not exist")
    }

    /// Without strict checking the kernel ignores the table filter (all tables come back, no
    /// NLM_F_DUMP_FILTERED), and the user-space filter still gives the right answer.
    @Test func nonStrictDumpFilteredInUserSpace() async throws {
        let (_, connection, _) = try await routeTestbed()
        try await connection.addRoute(Route(destination: ip("10.30.0.0"), prefixLength: 16, table: 300, gateway: ip("10.0.0.2")))
        try await connection.addRoute(Route(destination: ip("10.32.0.0"), prefixLength: 16, gateway: ip("10.0.0.2")))

        var tables = Set<RouteTable>()
        var anyFiltered = false
        for try await datagram in connection.routeDump(filter: RouteFilter(family: v4, table: 300)) {
            try datagram.forEachMessage { message in
                tables.insert(try Route(decoding: message).table)
                anyFiltered = anyFiltered || message.flags.contains(.dumpFiltered)
            }
        }
        #expect(tables.isSuperset(of: [300, .main, .local]))
        #expect(!anyFiltered)
        let routes = try await connection.routes(filter: RouteFilter(family: v4, table: 300))
        #expect(routes.map(\.destinationDescription) == ["10.30.0.0/16"])
        var streamed = 0
        for try await route in connection.routeStream(filter: RouteFilter(family: v4, table: 300)) {
            #expect(route.table == 300)
            streamed += 1
        }
        #expect(streamed == 1)
    }

    /// IPv4 routes through a device vanish, without RTM_DELROUTE, when it goes down (RELIABILITY.md).
    @Test func ipv4RoutesVanishOnLinkDown() async throws {
        let (_, connection, r0) = try await routeTestbed()
        for i in 0..<50 {
            try await connection.addRoute(Route(destination: ip("10.40.\(i).0"), prefixLength: 24, gateway: ip("10.0.0.2")))
        }
        try await connection.addRoute(Route(destination: ip("10.41.0.0"), prefixLength: 16, type: .blackhole))
        let onR0 = RouteFilter(family: v4, table: .main, outputIndex: r0)
        #expect(try await connection.routes(filter: onR0).count == 51)  // 50 via the gateway + the connected route
        try await connection.setLink(index: r0, up: false)
        #expect(try await connection.routes(filter: onR0).isEmpty)
        #expect(try await connection.routes(filter: RouteFilter(family: v4, table: .main)).map(\.destinationDescription) == ["10.41.0.0/16"])
        // The address stays, and so does its local route; its broadcast route goes.
        let local = try await connection.routes(filter: RouteFilter(family: v4, table: .local, outputIndex: r0))
        #expect(local.map { "\($0.type) \($0.destinationDescription)" } == ["local 10.0.0.1"])
    }

    /// Adding a route that exists: EEXIST, without a message.
    @Test func duplicateIsEEXIST() async throws {
        let (_, connection, _) = try await routeTestbed()
        let route = Route(destination: ip("10.50.0.0"), prefixLength: 16, gateway: ip("10.0.0.2"))
        try await connection.addRoute(route)
        let error = await #expect(throws: NetlinkError.self) { try await connection.addRoute(route) }
        #expect(error?.code == .kernelError)
        #expect(error?.errno == .fileExists)
        let error6 = await #expect(throws: NetlinkError.self) {
            let route6 = Route(destination: ip("2001:db8:50::"), prefixLength: 48, gateway: ip("2001:db8::2"))
            try await connection.addRoute(route6)
            try await connection.addRoute(route6)
        }
        #expect(error6?.errno == .fileExists)
        // No extended-ack message from either family.
        #expect(error?.message == nil && error6?.message == nil)
        #expect(error?.iproute2Description == "RTNETLINK answers: File exists")
        #expect(error?.description == "add route 10.50.0.0/16 via 10.0.0.2: File exists")
    }

    /// Deleting a route that does not exist: ESRCH, without a message.
    @Test func deleteMissingIsESRCH() async throws {
        let (_, connection, _) = try await routeTestbed()
        let error = await #expect(throws: NetlinkError.self) {
            try await connection.deleteRoute(Route(destination: ip("10.51.0.0"), prefixLength: 16))
        }
        #expect(error?.code == .kernelError)
        #expect(error?.errno == .noSuchProcess)
        let error6 = await #expect(throws: NetlinkError.self) {
            try await connection.deleteRoute(Route(destination: ip("2001:db8:51::"), prefixLength: 48))
        }
        #expect(error6?.errno == .noSuchProcess)
        #expect(error?.message == nil && error6?.message == nil)
        #expect(error?.iproute2Description == "RTNETLINK answers: No such process")
        #expect(error?.description == "delete route 10.51.0.0/16: No such process")
    }

    /// A gateway no network reaches: IPv4 ENETUNREACH with the kernel's extended-ack message
    /// "Nexthop has invalid gateway"; IPv6 EHOSTUNREACH with none.
    @Test func unreachableGatewayIsENETUNREACH() async throws {
        let (_, connection, _) = try await routeTestbed()
        let error = await #expect(throws: NetlinkError.self) {
            try await connection.addRoute(Route(destination: ip("10.52.0.0"), prefixLength: 16, gateway: ip("192.0.2.1")))
        }
        #expect(error?.code == .kernelError)
        #expect(error?.errno == .networkUnreachable)
        #expect(error?.message == "Nexthop has invalid gateway")
        let error6 = await #expect(throws: NetlinkError.self) {
            try await connection.addRoute(Route(destination: ip("2001:db8:52::"), prefixLength: 48, gateway: ip("2001:db8:ffff::1")))
        }
        // IPv6 answers EHOSTUNREACH instead, with no message.
        #expect(error6?.errno == .noRouteToHost)
        #expect(error6?.message == nil)
    }
}
