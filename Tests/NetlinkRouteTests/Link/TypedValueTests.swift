import Netlink
import NetlinkCore
import NetlinkRoute
import Testing

/// The typed values of the API against the kernel: prefixes where an address and a length go, a
/// link's kind, state, mode and Ethernet address, a macvlan's mode, a namespace in link settings,
/// and a decoded route's scope.
@Suite("Typed values on the kernel", .enabled(if: RouteKernelAccess.available, RouteKernelAccess.reason))
struct TypedValueTests {
    @Test func prefixesGoWhereAnAddressAndALengthWent() async throws {
        let (_, connection) = try routeTestConnection()
        try await connection.createLink(name: "br0", kind: .bridge)
        let bridge = try await connection.link(named: "br0")
        try await connection.setLink(index: bridge.index, up: true)
        try await connection.addAddress(InterfaceAddressRequest("10.88.0.2/16", index: bridge.index))
        try await connection.addAddress(InterfaceAddressRequest("fd00:88::2/64", index: bridge.index, flags: .noDAD))
        let prefixes = try await connection.addresses(index: bridge.index).compactMap(\.prefix)
        #expect(prefixes.contains("10.88.0.2/16"))
        #expect(prefixes.contains("fd00:88::2/64"))

        try await connection.addRoute(Route(destination: "10.99.0.0/16", gateway: IPAddress("10.88.0.1")))
        let routes = try await connection.routes(filter: RouteFilter(family: .inet, table: .main))
        let added = try #require(routes.first { $0.destinationPrefix == "10.99.0.0/16" })
        #expect(added.gateway == IPAddress("10.88.0.1"))
        #expect(added.scope == .universe)
        // The prefix route the kernel made for the address: scope link, read as a plain value.
        let subnet = try #require(routes.first { $0.destinationPrefix == "10.88.0.0/16" })
        #expect(subnet.scope == .link)
        #expect(RoutePrefixMatch.containing("10.99.7.0/24").matches(added.destination, prefixLength: added.destinationPrefixLength, family: .inet))

        // A route built without a scope has the one the encoder will send; set, it is the one given.
        var built = Route(destination: "10.77.0.0/16", outputIndex: bridge.index)
        #expect(built.scope == .link && built.requestedScope == nil)
        built.gateway = IPAddress("10.88.0.9")
        #expect(built.scope == .universe)
        built.scope = .link
        #expect(built.requestedScope == .link)
    }

    @Test func linksSayWhatTheyAre() async throws {
        let (_, connection) = try routeTestConnection()
        try await connection.createVethPair(name: "a0", peerName: "b0")
        let a = try await connection.link(named: "a0")
        try await connection.setLink(index: a.index, address: MACAddress("02:00:5e:00:53:01")!)
        try await connection.setLink(index: a.index, up: true)
        let up = try await connection.link(index: a.index)
        #expect(up.kind == .veth)
        #expect(up.macAddress?.description == "02:00:5e:00:53:01")
        #expect(up.linkMode == .default)
        // The peer is down: a veth whose peer is down is LOWERLAYERDOWN, as ip prints it.
        #expect(up.operationalState == .lowerLayerDown)
        #expect(up.operationalState?.description == "LOWERLAYERDOWN")
        let lo = try await connection.link(named: "lo")
        #expect(lo.macAddress?.description == "00:00:00:00:00:00")
        #expect(lo.kind == nil)

        var macvlan = LinkSettings()
        macvlan.name = "mv0"
        macvlan.parentIndex = a.index
        macvlan.kind = .macvlan(tap: false, mode: .bridge)
        try await connection.addLink(macvlan)
        let made = try await connection.link(named: "mv0")
        #expect(made.kind == .macvlan)
        guard case .macvlan(let details)? = try made.kindDetails() else {
            Issue.record("no macvlan details")
            return
        }
        #expect(details.mode == .bridge)
        #expect(details.mode?.description == "bridge")

        // A namespace object in the settings: the link moves there, and the settings keep the
        // namespace open while they live.
        let b = try await connection.link(named: "b0")
        var move = LinkSettings()
        move.namespace = try await NetworkNamespace.createPrivate()
        #expect(move.namespaceDescriptor == move.namespace?.descriptor)
        try await connection.changeLink(index: b.index, move)
        guard let target = move.namespace else {
            Issue.record("the settings lost their namespace")
            return
        }
        let there = try await NetlinkConnection(family: .route, namespace: target)
        #expect(try await there.link(named: "b0").kind == .veth)
        #expect(try await !connection.links().contains { $0.name == "b0" })
        move.namespaceDescriptor = nil
        #expect(move.namespace == nil)
    }
}
