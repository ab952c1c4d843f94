import Netlink
import NetlinkCore
import NetlinkRoute
import Testing

/// `NLM_F_ECHO`: the kernel sends the requester its copy of the notification, addressed from the
/// object's group (`nl_groups` set) although it is unicast. The engine hands it to the request as
/// a reply — on a connection that joined no group as on one that listens to that very group
/// (which then does not get it as an event as well, the kernel leaving the requester out of the
/// multicast) — and leaves the events of other changes as events.
@Suite("NLM_F_ECHO replies", .enabled(if: RouteKernelAccess.available, RouteKernelAccess.reason))
struct RouteEchoTests {
    static func add(_ prefix: String, on connection: NetlinkConnection) async throws -> NetlinkAcknowledgement {
        let route = Route(destination: IPAddress(prefix), prefixLength: 16, type: .blackhole)
        return try await connection.execute(type: RouteMessageType.newRoute, flags: [.create, .exclusive, .echo], fixedHeaderSize: RouteMessage.size) { b in
            try route.encode(into: &b)
        }
    }

    static func echoed(_ ack: NetlinkAcknowledgement) throws -> [Route] {
        var routes: [Route] = []
        try ack.forEachReply { message in
            if message.type == RouteMessageType.newRoute { routes.append(try Route(decoding: message)) }
        }
        return routes
    }

    @Test func echoIsTheReply() async throws {
        let (namespace, connection) = try routeTestConnection()
        let plain = try Self.echoed(try await Self.add("10.50.0.0", on: connection))
        #expect(plain.map(\.destination) == [IPAddress("10.50.0.0")])
        #expect(plain.first?.type == .blackhole)

        // A listener of RTNLGRP_IPV4_ROUTE: its own echoed change is its reply, another's change an event.
        let listener = try await NetlinkConnection(family: .route, namespace: namespace).subscribe(groups: [RouteGroup.ipv4Route])
        let mine = try Self.echoed(try await Self.add("10.51.0.0", on: listener))
        #expect(mine.map(\.destination) == [IPAddress("10.51.0.0")])
        _ = try await Self.add("10.52.0.0", on: connection)
        var destinations: [IPAddress?] = []
        for try await event in listener.events {
            guard case .notification(let datagram) = event else { continue }
            try datagram.forEachMessage { message in
                if message.type == RouteMessageType.newRoute { destinations.append(try Route(decoding: message).destination) }
            }
            if destinations.contains(IPAddress("10.52.0.0")) { break }
        }
        #expect(destinations == [IPAddress("10.52.0.0")], "the listener's own change came as an event too: \(destinations)")
    }
}
