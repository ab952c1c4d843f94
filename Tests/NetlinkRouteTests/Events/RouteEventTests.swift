import Netlink
import NetlinkCore
import NetlinkRoute
import NetlinkTestSupport
import Testing

/// Reads `events` until `done` holds for what was collected, or `timeout` passes; returns what came.
func collectEvents(
    _ events: RouteEvents, within timeout: Duration = .seconds(5), until done: @escaping @Sendable ([RouteEvent]) -> Bool
) async throws -> [RouteEvent] {
    try await withThrowingTaskGroup(of: [RouteEvent]?.self) { group in
        group.addTask {
            var collected: [RouteEvent] = []
            var iterator = events.makeAsyncIterator()
            do {
                while let event = try await iterator.next() {
                    collected.append(event)
                    if done(collected) { break }
                }
            } catch let error as NetlinkError where error.code == .cancelled {}
            return collected
        }
        group.addTask {
            try? await Task.sleep(for: timeout)
            return nil
        }
        var result: [RouteEvent] = []
        while let next = try await group.next() {
            if let collected = next {
                result = collected
                break
            }
            group.cancelAll()
        }
        group.cancelAll()
        return result
    }
}

/// A veth pair `name`/`name`p, both up; returns the index of `name`.
func upVethPair(_ connection: NetlinkConnection, _ name: String) async throws -> Int32 {
    try await connection.createVethPair(name: name, peerName: name + "p")
    let index = try await connection.link(named: name).index
    try await connection.setLink(index: try await connection.link(named: name + "p").index, up: true)
    try await connection.setLink(index: index, up: true)
    return index
}

extension RouteEvent {
    /// The link of a link event, with its action.
    var linkChange: RouteChange<Link>? { if case .link(let c) = self { c } else { nil } }
    var addressChange: RouteChange<InterfaceAddress>? { if case .address(let c) = self { c } else { nil } }
    var routeChange: RouteChange<Route>? { if case .route(let c) = self { c } else { nil } }
    var neighborChange: RouteChange<Neighbor>? { if case .neighbor(let c) = self { c } else { nil } }
    var ruleChange: RouteChange<Rule>? { if case .rule(let c) = self { c } else { nil } }
    var nexthopChange: RouteChange<Nexthop>? { if case .nexthop(let c) = self { c } else { nil } }
    var netconfChange: RouteChange<Netconf>? { if case .netconf(let c) = self { c } else { nil } }
    var namespaceIDChange: RouteChange<NamespaceIDAssignment>? { if case .namespaceID(let c) = self { c } else { nil } }
    var isOverrun: Bool { if case .overrun = self { true } else { false } }
}

@Suite("Typed route events: decoding on the fake kernel")
struct RouteEventDecodingTests {
    /// A fake-kernel connection that joined `groups` and delivers their events.
    func fakeEvents(groups: [UInt32] = [RouteGroup.link, RouteGroup.ipv4Route]) throws -> (FakeNetlinkKernel, RouteEvents) {
        let kernel = FakeNetlinkKernel()
        var configuration = NetlinkConnection.Configuration()
        configuration.groups = groups
        let connection = try NetlinkConnection(transport: kernel, configuration: configuration)
        return (kernel, RouteEvents(connection: connection))
    }

    /// `struct ifinfomsg` for index `index`, then `IFLA_IFNAME`.
    func linkPayload(index: Int32, name: String) -> [UInt8] {
        var payload: [UInt8] = [0, 0, 1, 0]                               // family, pad, type ARPHRD_ETHER
        withUnsafeBytes(of: index) { payload += $0 }                      // ifi_index
        payload += [0, 0, 0, 0, 0, 0, 0, 0]                               // ifi_flags, ifi_change
        let nameBytes = Array(name.utf8) + [0]
        withUnsafeBytes(of: UInt16(4 + nameBytes.count)) { payload += $0 }
        payload += [3, 0] + nameBytes                                     // IFLA_IFNAME
        while payload.count % 4 != 0 { payload.append(0) }
        return payload
    }

    @Test func newAndDeletedLinksAreTyped() async throws {
        let (kernel, events) = try fakeEvents()
        kernel.inject([
            .event(group: RouteGroup.link, type: RouteMessageType.newLink, payload: linkPayload(index: 7, name: "eth7")),
            .event(group: RouteGroup.link, type: RouteMessageType.deleteLink, payload: linkPayload(index: 7, name: "eth7")),
        ])
        let got = try await collectEvents(events) { $0.count == 2 }
        #expect(got.count == 2)
        let first = try #require(got.first?.linkChange)
        #expect(first.action == .new && first.object.index == 7 && first.object.name == "eth7")
        #expect(first.origin.group == RouteGroup.link && first.origin.type == RouteMessageType.newLink)
        #expect(first.origin.namespaceID == nil)
        let second = try #require(got.last?.linkChange)
        #expect(second.isDeletion && second.object.name == "eth7")
    }

    /// A route message with an attribute whose length runs past the message: an `undecodable`
    /// element with the decoder's error and the message's bytes, and the stream goes on.
    @Test func malformedMessageIsAnElementWithItsError() async throws {
        let (kernel, events) = try fakeEvents()
        // struct rtmsg (12 bytes): AF_INET, dst_len 24, ..., table main, proto boot, scope universe, type unicast
        var bad: [UInt8] = [2, 24, 0, 0, 254, 3, 0, 1, 0, 0, 0, 0]
        bad += [40, 0, 1, 0, 198, 51, 100, 0]                              // RTA_DST claiming 40 bytes: past the end
        kernel.inject([
            .event(group: RouteGroup.ipv4Route, type: RouteMessageType.newRoute, payload: bad),
            .event(group: RouteGroup.link, type: RouteMessageType.newLink, payload: linkPayload(index: 2, name: "after")),
        ])
        let got = try await collectEvents(events) { $0.count == 2 }
        #expect(got.count == 2)
        guard case .undecodable(let raw, let error)? = got.first else {
            Issue.record("expected undecodable, got \(String(describing: got.first))")
            return
        }
        #expect(error.code == .attributeLengthExceedsData)
        #expect(raw.type == RouteMessageType.newRoute)
        #expect(raw.bytes.count == 16 + bad.count)
        #expect(raw.origin.group == RouteGroup.ipv4Route)
        #expect(got.last?.linkChange?.object.name == "after")
    }

    /// A short family header is an error too (not a trap, not a skip).
    @Test func truncatedFamilyHeaderIsUndecodable() async throws {
        let (kernel, events) = try fakeEvents()
        kernel.inject([.event(group: RouteGroup.ipv4Route, type: RouteMessageType.deleteRoute, payload: [2, 24, 0])])
        let got = try await collectEvents(events) { $0.count == 1 }
        guard case .undecodable(let raw, _)? = got.first else {
            Issue.record("expected undecodable, got \(String(describing: got.first))")
            return
        }
        #expect(raw.type == RouteMessageType.deleteRoute)
    }

    /// A message type the library does not model is kept whole as `unrecognized`.
    @Test func unknownTypeIsUnrecognized() async throws {
        let (kernel, events) = try fakeEvents()
        kernel.inject([.event(group: RouteGroup.link, type: NetlinkMessageType(200), payload: [1, 2, 3, 4])])
        let got = try await collectEvents(events) { $0.count == 1 }
        guard case .unrecognized(let raw)? = got.first else {
            Issue.record("expected unrecognized, got \(String(describing: got.first))")
            return
        }
        #expect(raw.type == NetlinkMessageType(200))
        #expect(raw.bytes.suffix(4) == [1, 2, 3, 4])
    }

    /// A datagram whose framing breaks after a good message: the good message, then one
    /// `undecodable` for the rest, with no type.
    @Test func brokenFramingKeepsTheRest() async throws {
        let (kernel, events) = try fakeEvents()
        var datagram = message(type: 16, flags: 0, payload: linkPayload(index: 3, name: "ok"))
        datagram += [0xFF, 0xFF, 0, 0, 16, 0, 0, 0]                          // nlmsg_len 65535, cut short
        kernel.inject([.datagram(datagram, group: RouteGroup.link)])
        let got = try await collectEvents(events) { $0.count == 2 }
        #expect(got.count == 2)
        #expect(got.first?.linkChange?.object.name == "ok")
        guard case .undecodable(let raw, let error)? = got.last else {
            Issue.record("expected undecodable, got \(String(describing: got.last))")
            return
        }
        #expect(raw.type == nil)
        #expect(raw.bytes.count == 8)
        #expect(error.code == .truncatedMessageHeader || error.code == .messageLengthExceedsData)
    }

    /// An overrun of the socket is an element, and later events still come.
    @Test func overrunIsAnElement() async throws {
        let (kernel, events) = try fakeEvents()
        kernel.inject([.overrun, .event(group: RouteGroup.link, type: RouteMessageType.newLink, payload: linkPayload(index: 4, name: "x"))])
        let got = try await collectEvents(events) { $0.count == 2 }
        #expect(got.first?.isOverrun == true)
        #expect(got.last?.linkChange?.object.name == "x")
    }

    @Test func objectGroups() {
        #expect(RouteEventObjects.all.groups == [1, 3, 5, 7, 8, 9, 11, 19, 24, 25, 28, 32])
        #expect(RouteEventObjects.route.groups == [7, 11])
        #expect(RouteEventObjects([.link, .nexthop]).groups == [1, 32])
    }
}

@Suite("Typed route events against the kernel", .enabled(if: RouteKernelAccess.available, RouteKernelAccess.reason))
struct RouteEventKernelTests {
    @Test func link() async throws {
        let (_, connection) = try routeTestConnection()
        let events = try await connection.routeEvents([.link])
        try await connection.createLink(name: "ev0", kind: "ifb")
        let index = try await connection.link(named: "ev0").index
        try await connection.deleteLink(index: index)
        let got = try await collectEvents(events) { events in events.contains { $0.linkChange?.isDeletion == true } }
        let created = try #require(got.first { $0.linkChange?.action == .new }?.linkChange)
        #expect(created.object.name == "ev0" && created.object.index == index && created.object.kind == "ifb")
        #expect(created.origin.group == RouteGroup.link)
        let deleted = try #require(got.first { $0.linkChange?.isDeletion == true }?.linkChange)
        #expect(deleted.object.index == index)
    }

    @Test func address() async throws {
        let (_, connection) = try routeTestConnection()
        try await connection.createLink(name: "ev0", kind: "ifb")
        let index = try await connection.link(named: "ev0").index
        let events = try await connection.routeEvents([.address])
        let request = InterfaceAddressRequest(ip("192.0.2.1"), prefixLength: 24, index: index)
        try await connection.addAddress(request)
        try await connection.deleteAddress(request)
        let got = try await collectEvents(events) { events in events.contains { $0.addressChange?.isDeletion == true } }
        let added = try #require(got.first { $0.addressChange?.action == .new }?.addressChange)
        #expect(added.object.localAddress == ip("192.0.2.1") && added.object.prefixLength == 24 && added.object.index == index)
        #expect(added.origin.group == RouteGroup.ipv4Address)
        #expect(got.contains { $0.addressChange?.isDeletion == true && $0.addressChange?.object.localAddress == ip("192.0.2.1") })
    }

    @Test func route() async throws {
        let (_, connection) = try routeTestConnection()
        let events = try await connection.routeEvents([.route])
        let route = Route(destination: ip("198.51.100.0"), prefixLength: 24, type: .unreachable, table: RouteTable(rawValue: 1000))
        try await connection.addRoute(route)
        let ack = try await connection.execute(type: RouteMessageType.deleteRoute, fixedHeaderSize: RouteMessage.size) { b in
            try route.encode(into: &b, for: .delete)
        }
        let got = try await collectEvents(events) { events in events.contains { $0.routeChange?.isDeletion == true } }
        let added = try #require(got.first { $0.routeChange?.action == .new }?.routeChange)
        #expect(added.object.destination == ip("198.51.100.0") && added.object.destinationPrefixLength == 24)
        #expect(added.object.type == .unreachable && added.object.table.rawValue == 1000)
        #expect(added.origin.flags.contains(.create))
        #expect(added.origin.portID == connection.localAddress.portID)  // the requester's, in the header
        let deleted = try #require(got.first { $0.routeChange?.isDeletion == true }?.routeChange)
        #expect(deleted.object.destination == ip("198.51.100.0"))
        #expect(deleted.origin.sequence == ack.sequence)
    }

    @Test func neighbor() async throws {
        let (_, connection) = try routeTestConnection()
        let index = try await upVethPair(connection, "ev0")
        let events = try await connection.routeEvents([.neighbor])
        try await connection.addNeighbor(ip("192.0.2.9"), index: index, linkLayerAddress: [2, 0, 0, 0, 0, 9])
        try await connection.deleteNeighbor(ip("192.0.2.9"), index: index)
        let got = try await collectEvents(events) { events in
            events.contains { $0.neighborChange?.isDeletion == true && $0.neighborChange?.object.destination == ip("192.0.2.9") }
        }
        let added = try #require(got.first { $0.neighborChange?.action == .new && $0.neighborChange?.object.destination == ip("192.0.2.9") }?.neighborChange)
        #expect(added.object.index == index && added.object.state == .permanent)
        #expect(added.object.linkLayerAddress == [2, 0, 0, 0, 0, 9])
    }

    @Test func rule() async throws {
        let (_, connection) = try routeTestConnection()
        let events = try await connection.routeEvents([.rule])
        try await connection.addRule(Rule(family: inet, priority: 77, table: 1000))
        try await connection.deleteRule(Rule(family: inet, priority: 77))
        let got = try await collectEvents(events) { events in events.contains { $0.ruleChange?.isDeletion == true } }
        let added = try #require(got.first { $0.ruleChange?.action == .new }?.ruleChange)
        #expect(added.object.priority == 77 && added.object.table == 1000)
        #expect(got.first { $0.ruleChange?.isDeletion == true }?.ruleChange?.object.priority == 77)
    }

    @Test func nexthop() async throws {
        let (_, connection) = try routeTestConnection()
        let index = try await upVethPair(connection, "ev0")
        let events = try await connection.routeEvents([.nexthop])
        try await connection.addNexthop(Nexthop(id: 42, interfaceIndex: index, family: inet))
        try await connection.deleteNexthop(id: 42)
        let got = try await collectEvents(events) { events in events.contains { $0.nexthopChange?.isDeletion == true } }
        let added = try #require(got.first { $0.nexthopChange?.action == .new }?.nexthopChange)
        #expect(added.object.id == 42 && added.object.interfaceIndex == index)
        #expect(got.first { $0.nexthopChange?.isDeletion == true }?.nexthopChange?.object.id == 42)
    }

    /// Creating a device announces its IPv4 (and IPv6) netconf; deleting it removes them.
    @Test func netconf() async throws {
        let (_, connection) = try routeTestConnection()
        let events = try await connection.routeEvents([.netconf])
        try await connection.createLink(name: "ev0", kind: "ifb")
        let index = try await connection.link(named: "ev0").index
        try await connection.deleteLink(index: index)
        let got = try await collectEvents(events) { events in events.contains { $0.netconfChange?.isDeletion == true } }
        let added = try #require(got.first { $0.netconfChange?.action == .new && $0.netconfChange?.object.family == inet }?.netconfChange)
        #expect(added.object.index == index)
        #expect(got.first { $0.netconfChange?.isDeletion == true }?.netconfChange?.object.index == index)
    }

    @Test func namespaceID() async throws {
        let (_, connection) = try routeTestConnection()
        let other = try await NetworkNamespace.createPrivate()
        let events = try await connection.routeEvents([.namespaceID])
        try await connection.setNamespaceID(7, for: other)
        let got = try await collectEvents(events) { events in events.contains { $0.namespaceIDChange != nil } }
        let change = try #require(got.first { $0.namespaceIDChange != nil }?.namespaceIDChange)
        #expect(change.action == .new && change.object.id == 7)
        #expect(change.origin.group == RouteGroup.namespaceID)
    }

    /// With `listenAllNamespaceIDs`, a change in a namespace that has ID 7 here comes with that ID;
    /// one of our own namespace without.
    @Test func eventsOfOtherNamespacesCarryTheirID() async throws {
        let (_, connection) = try routeTestConnection()
        let other = try await NetworkNamespace.createPrivate()
        try await connection.setNamespaceID(7, for: other)
        let otherConnection = try await NetlinkConnection(family: .route, namespace: other)
        let events = try await connection.routeEvents([.link], listenAllNamespaceIDs: true)
        try await otherConnection.createLink(name: "far", kind: "ifb")
        try await connection.createLink(name: "near", kind: "ifb")
        let got = try await collectEvents(events) { events in
            events.contains { $0.linkChange?.object.name == "far" } && events.contains { $0.linkChange?.object.name == "near" }
        }
        #expect(got.first { $0.linkChange?.object.name == "far" }?.origin?.namespaceID == 7)
        let near = try #require(got.first { $0.linkChange?.object.name == "near" })
        #expect(near.origin?.namespaceID == nil)
    }

    /// A tiny receive buffer under a burst: an overrun element (with the kernel's drop count), and
    /// after the queue has drained new changes arrive again.
    @Test func overrunWithATinyBuffer() async throws {
        let (_, connection) = try routeTestConnection()
        var configuration = NetlinkConnection.Configuration()
        configuration.receiveBufferSize = 4_096
        configuration.forceReceiveBuffer = false
        configuration.eventBufferCapacity = 1
        let events = try await connection.routeEvents([.link], configuration: configuration)
        for i in 0..<60 { try await connection.createLink(name: "o\(i)", kind: "ifb") }
        let got = try await collectEvents(events) { $0.contains { $0.isOverrun } }
        let overrun = try #require(got.first { $0.isOverrun })
        if case .overrun(let drops) = overrun { #expect((drops ?? 0) > 0) }
        #expect(got.filter { $0.linkChange != nil }.count < 60)
        // Drain what is left, then one more change must come through.
        _ = try await collectEvents(events, within: .milliseconds(500)) { _ in false }
        try await connection.createLink(name: "after", kind: "ifb")
        let later = try await collectEvents(events) { $0.contains { $0.linkChange?.object.name == "after" } }
        #expect(later.contains { $0.linkChange?.object.name == "after" })
    }
}
