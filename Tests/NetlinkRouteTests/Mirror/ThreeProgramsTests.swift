import Glibc
import Netlink
import NetlinkCore
import NetlinkRoute
import Testing

// The three programs users wrote from the README (issue 15): a container network plugin, a
// monitoring agent and a route loader — with the library alone (no ip, no shell), as main-actor
// functions (what main.swift top-level code is), and run here against the kernel: the plugin with
// a private namespace as its "host", the agent during 2,000 route changes, the loader with 20,000
// routes.

/// A CNI-style plugin: a named namespace for the container, a bridge on the host, a veth pair whose
/// container end moves in and is renamed eth0, addresses and a default route inside.
@MainActor
func plugContainer(host: NetlinkConnection, container name: String, address: String) async throws -> Int32 {
    let container = try NetworkNamespace.create(named: name)
    if (try? await host.link(named: "cni0")) == nil {
        try await host.createLink(name: "cni0", kind: "bridge")
        let bridge = try await host.link(named: "cni0").index
        try await host.execute(.addAddress(InterfaceAddressRequest("10.88.0.1/16", index: bridge)))
        try await host.setLink(index: bridge, up: true)
    }
    let hostEnd = "veth-" + name.suffix(6)
    let peerEnd = "tmp-" + name.suffix(6)
    try await host.createVethPair(name: hostEnd, peerName: peerEnd)
    let port = try await host.link(named: hostEnd).index
    try await host.setMaster(ofLink: port, to: try await host.link(named: "cni0").index)
    try await host.setLink(index: port, up: true)
    let index = try await host.moveLink(index: try await host.link(named: peerEnd).index, to: container)
    let inside = try await NetlinkConnection(family: .route, namespace: container)
    try await inside.renameLink(index: index, to: "eth0")
    try await inside.execute(.addAddress(InterfaceAddressRequest(try IPPrefix(parsing: address + "/16"), index: index)))
    try await inside.setLink(index: index, up: true)
    try await inside.setLink(index: 1, up: true)
    try await inside.addRoute(Route(destination: "0.0.0.0/0", gateway: IPAddress("10.88.0.1"), outputIndex: index))
    return index
}

/// A monitoring agent: typed events counted by kind while a mirror keeps the table, until `done`
/// says so; returns the counts and whether the mirror equals a fresh dump at the end. `subscribed`
/// is called once the events' socket has joined its groups.
@MainActor
func watch(
    _ connection: NetlinkConnection, subscribed: @Sendable () -> Void, until done: (_ links: Int, _ routes: Int) -> Bool
) async throws -> (links: Int, routes: Int, mirrorEqual: Bool) {
    let mirror = try await RouteMirror.start(connection: connection)
    defer { mirror.close() }
    var links = 0
    var routes = 0
    let events = try await connection.routeEvents([.link, .route])
    subscribed()
    for try await event in events {
        switch event {
        case .link: links += 1
        case .route: routes += 1
        case .overrun: try await mirror.sync()
        default: break
        }
        if done(links, routes) { break }
    }
    try await mirror.sync()
    let fresh = try await RouteMirrorTable.dump(connection)
    return (links, routes, mirror.table.difference(to: fresh).isEmpty)
}

/// A route loader: routes through a batch with the defaults, failures reported with their index.
@MainActor
func loadRoutes(_ routes: [Route], into connection: NetlinkConnection) async throws -> (added: Int, failed: [Int]) {
    let batch = connection.batch()
    var failed: [Int] = []
    for route in routes {
        try await batch.add(route)
        failed += batch.takeFailures().map(\.index)
    }
    failed += try await batch.failures().map(\.index)
    return (batch.succeeded, failed)
}

/// A route to 10.<base+n/65536>.<n/256>.<n%256>/32 on lo.
func hostRoute(_ n: Int, base: Int) -> Route {
    let text = "10." + String(base + n / 65_536) + "." + String(n / 256 % 256) + "." + String(n % 256)
    return Route(destination: IPAddress(text)!, prefixLength: 32, outputIndex: 1)
}

@Suite("The three programs of the README's users", .enabled(if: RouteKernelAccess.available, RouteKernelAccess.reason), .serialized)
struct ThreeProgramsTests {
    @MainActor @Test func containerPlugin() async throws {
        let (_, host) = try routeTestConnection()
        let name = "nltest-ctr-" + String(getpid()) + "-" + String(UInt32.random(in: 0...UInt32.max))
        defer { try? NetworkNamespace.delete(named: name) }
        let index = try await plugContainer(host: host, container: name, address: "10.88.0.2")
        let inside = try await NetlinkConnection(family: .route, namespace: try NetworkNamespace.named(name))
        let eth0 = try await inside.link(named: "eth0")
        #expect(eth0.index == index && eth0.isUp)
        let addresses = try await inside.addresses()
        #expect(addresses.contains { $0.localAddress == IPAddress("10.88.0.2") })
        let routes = try await inside.routes(filter: RouteFilter(family: 2, table: .main))
        #expect(routes.contains { $0.destination == nil && $0.gateway == IPAddress("10.88.0.1") })
        let port = try await host.link(named: "veth-" + name.suffix(6))
        let bridge = try await host.link(named: "cni0")
        #expect(port.masterIndex == bridge.index)
    }

    @MainActor @Test func monitoringAgent() async throws {
        let (_, connection) = try routeTestConnection()
        try await connection.setLink(index: 1, up: true)
        let (ready, readyContinuation) = AsyncStream<Void>.makeStream()
        let agent = Task { @MainActor in
            try await watch(connection, subscribed: { readyContinuation.finish() }, until: { links, routes in links >= 1 && routes >= 2_000 })
        }
        for await _ in ready {}  // the agent's socket has joined its groups
        for n in 0..<2_000 { try await connection.addRoute(hostRoute(n, base: 77)) }
        try await connection.createLink(name: "flap0", kind: "bridge")
        let (links, routes, equal) = try await agent.value
        #expect(routes >= 2_000)
        #expect(links >= 1)
        #expect(equal)
    }

    @MainActor @Test func routeLoader() async throws {
        let (_, connection) = try routeTestConnection()
        try await connection.setLink(index: 1, up: true)
        var routes = (0..<20_000).map { hostRoute($0, base: 100) }
        routes[123].outputIndex = 999          // no such device
        routes.append(routes[0])               // a duplicate
        let (added, failed) = try await loadRoutes(routes, into: connection)
        #expect(added == 19_999)
        #expect(failed == [123, 20_000])
        let table = try await connection.routes(filter: RouteFilter(family: 2, table: .main))
        #expect(table.count >= 19_999)
    }
}

/// A loop over the events, or a dump, of a connection that nothing else holds: the sequence keeps
/// the connection open (before, the connection was closed as the loop began, and it ended at once).
@Suite("Sequences keep their connection open", .enabled(if: RouteKernelAccess.available, RouteKernelAccess.reason))
struct TemporaryConnectionTests {
    @Test func dumpOfATemporaryConnection() async throws {
        let namespace = try await NetworkNamespace.createPrivate()
        var names: [String] = []
        let dump = try await NetlinkConnection(family: .route, namespace: namespace).dump(
            type: RouteMessageType.getLink, fixedHeaderSize: InterfaceInfoMessage.size, { InterfaceInfoMessage().encode(into: &$0) })
        for try await datagram in dump {
            try datagram.forEachMessage { names.append(try Link(decoding: $0).name) }
        }
        #expect(names == ["lo"])
    }

    @Test func eventsOfATemporarySubscription() async throws {
        let (_, connection) = try routeTestConnection()
        // A link made every 100 ms (at most 50) until the loop has seen one: the loop subscribes
        // when it starts, whenever that is; if it ended instead, the maker stops after 50.
        let maker = Task { () async -> Void in await makeLinks(connection, count: 50) }
        var seen = false
        for try await event in try await connection.routeEvents([.link]) {
            guard case .link(let change) = event else { continue }
            if change.object.name.hasPrefix("late") {
                seen = true
                break
            }
        }
        maker.cancel()
        await maker.value
        #expect(seen)
    }
}

/// Makes bridges late0, late1 ... every 100 ms until cancelled or `count` are made.
func makeLinks(_ connection: NetlinkConnection, count: Int) async {
    var n = 0
    while n < count && !Task.isCancelled {
        try? await connection.createLink(name: "late" + String(n), kind: "bridge")
        try? await Task.sleep(for: .milliseconds(100))
        n += 1
    }
}
