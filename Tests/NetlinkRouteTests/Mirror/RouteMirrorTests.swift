import CNetlinkShim
import Glibc
import Netlink
import NetlinkCore
import NetlinkRoute
import NetlinkTestSupport
import Synchronization
import Testing

/// Compares the mirror with a fresh dump; on a difference, records a few of the differing keys.
/// Returns whether they ended equal, for the figure lines to say so.
///
/// The kernel also changes things on its own, later (IPv6 link-local addresses and routes after
/// carrier, neighbour discovery): so the comparison is sync, dump, sync, compare — and, while it
/// differs, tried again after a pause, up to 10 times; only a lasting difference fails.
@discardableResult
func expectMirrorEqualsKernel(_ mirror: RouteMirror, _ connection: NetlinkConnection, _ label: String) async throws -> Bool {
    var mirrored = RouteMirrorTable()
    var kernel = RouteMirrorTable()
    var difference = RouteMirrorDifference()
    for attempt in 0..<10 {
        if attempt > 0 { try await Task.sleep(for: .milliseconds(300)) }
        try await mirror.sync()
        kernel = try await RouteMirrorTable.dump(connection)
        try await mirror.sync()
        mirrored = mirror.table
        difference = mirrored.difference(to: kernel)
        if difference.isEmpty { break }
    }
    if !difference.isEmpty {
        let onlyMirror = mirrored.routes.keys.filter { kernel.routes[$0] == nil }.prefix(3)
        let onlyKernel = kernel.routes.keys.filter { mirrored.routes[$0] == nil }.prefix(3)
        let changedRoutes = kernel.routes.filter { key, value in mirrored.routes[key].map { $0 != value } ?? false }.prefix(2)
        Issue.record("""
            \(label): mirror differs from the kernel by \(difference) \
            (links \(mirrored.links.count)/\(kernel.links.count), addresses \(mirrored.addresses.count)/\(kernel.addresses.count), \
            routes \(mirrored.routes.count)/\(kernel.routes.count), neighbours \(mirrored.neighbors.count)/\(kernel.neighbors.count), \
            nexthops \(mirrored.nexthops.count)/\(kernel.nexthops.count)); \
            routes only in the mirror: \(Array(onlyMirror)); only in the kernel: \(Array(onlyKernel)); \
            changed: \(changedRoutes.map { "\(mirrored.routes[$0.key]!) vs \($0.value)" }); \
            links changed: \(kernel.links.filter { mirrored.links[$0.key] != $0.value }.map { "\(mirrored.links[$0.key].map { "\($0.flags)" } ?? "-") vs \($0.value.flags)" })
            """)
    }
    #expect(difference.isEmpty, "\(label)")
    return difference.isEmpty
}

/// How a figure line states the final comparison.
func endComparison(_ equal: Bool) -> String { equal ? "end equal to a fresh dump" : "end DIFFERENT from a fresh dump" }

/// An IPv4 /32 route to 10.0.0.0 + `i` through `index` (or nexthop object `nexthopID`).
func stormRoute(_ i: Int, index: Int32, nexthopID: UInt32? = nil) -> Route {
    let value = UInt32(0x0A00_0000) + UInt32(i)
    let address = IPAddress.v4(IPv4Address(UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)))
    var route = Route(destination: address, prefixLength: 32, outputIndex: nexthopID == nil ? index : nil)
    route.nexthopID = nexthopID
    return route
}

/// Sends `routes` as `RTM_NEWROUTE` (or `RTM_DELROUTE`) batches of `batchSize` messages per
/// `sendmsg`; returns how many the kernel refused (routes that vanished, nexthops deleted ...).
@discardableResult
func sendRoutes(_ connection: NetlinkConnection, _ routes: [Route], delete: Bool = false, batchSize: Int = 200) async throws -> Int {
    var refused = 0
    var start = 0
    while start < routes.count {
        let slice = routes[start..<min(start + batchSize, routes.count)]
        start = slice.endIndex
        let messages = slice.map { route in
            (type: delete ? RouteMessageType.deleteRoute : RouteMessageType.newRoute,
             flags: delete ? NetlinkMessageFlags() : NetlinkMessageFlags([.create, .replace]),
             fixedHeaderSize: RouteMessage.size,
             build: { (b: inout NetlinkMessageBuilder) throws in try route.encode(into: &b, for: delete ? .delete : .add) })
        }
        for result in try await connection.executeBatch(messages) {
            if case .failure = result { refused += 1 }
        }
    }
    return refused
}

@Suite("Route mirror against the kernel", .enabled(if: RouteKernelAccess.available, RouteKernelAccess.reason))
struct RouteMirrorTests {
    /// Links, addresses, routes, neighbours and nexthops made after the start are in the mirror
    /// after `sync()`, equal to a fresh dump.
    @Test func followsChanges() async throws {
        let (_, connection) = try routeTestConnection()
        let mirror = try await RouteMirror.start(connection: connection)
        defer { mirror.close() }
        let index = try await upVethPair(connection, "m0")
        try await connection.addAddress(InterfaceAddressRequest(ip("192.0.2.1"), prefixLength: 24, index: index))
        try await connection.addAddress(InterfaceAddressRequest(ip("2001:db8::1"), prefixLength: 64, index: index, flags: [.noDAD]))
        try await connection.addNexthop(Nexthop(id: 5, gateway: ip("192.0.2.254"), interfaceIndex: index))
        try await sendRoutes(connection, (0..<50).map { stormRoute($0, index: index) })
        try await sendRoutes(connection, (50..<60).map { stormRoute($0, index: index, nexthopID: 5) })
        try await connection.addRoute(Route(destination: ip("2001:db8:1::"), prefixLength: 48, gateway: ip("2001:db8::2"), outputIndex: index))
        try await connection.addNeighbor(ip("192.0.2.7"), index: index, linkLayerAddress: [2, 0, 0, 0, 0, 7])
        try await mirror.sync()
        let table = mirror.table
        #expect(table.links.values.contains { $0.name == "m0" })
        #expect(table.routes.values.filter { $0.nexthopID == 5 }.count == 10)
        #expect(table.nexthops[5] != nil)
        #expect(table.neighbors.values.contains { $0.destination == ip("192.0.2.7") })
        try await expectMirrorEqualsKernel(mirror, connection, "after changes")
        try await sendRoutes(connection, (0..<50).map { stormRoute($0, index: index) }, delete: true)
        try await expectMirrorEqualsKernel(mirror, connection, "after deletes")
        #expect(mirror.statistics.eventsApplied > 60)
        #expect(mirror.statistics.overruns == 0)
    }

    /// A bridge (with a port), a vxlan and a macvlan: the bridge's timers tick in its kind data and
    /// its port's in the port data without a notification, the port's STP state changes with only
    /// an AF_BRIDGE notification (IFLA_PROTINFO), the FDB is notified but not in the family-0 dump;
    /// yet the mirror equals a fresh dump (`==` compares configuration: two dumps of the bridge
    /// differ in their bytes, not as values).
    @Test func equalWithBridgeVXLANAndMACVLAN() async throws {
        let (_, connection) = try routeTestConnection()
        guard await linkKindsPresent(["bridge", "veth", "vxlan", "macvlan"]) else { return }
        let mirror = try await RouteMirror.start(connection: connection)
        defer { mirror.close() }
        try await connection.createLink(name: "br0", kind: "bridge")
        let bridge = try await connection.link(named: "br0").index
        let port = try await upVethPair(connection, "p0")
        try await connection.setMaster(ofLink: port, to: bridge)
        try await connection.setLink(index: bridge, up: true)
        var vxlan = LinkSettings()
        vxlan.name = "vx0"
        var vxlanSettings = VXLANSettings()
        vxlanSettings.id = 42
        let peer = try await connection.link(named: "p0p").index   // a bridge port cannot carry a macvlan (EBUSY)
        vxlanSettings.deviceIndex = UInt32(peer)
        vxlan.kind = .vxlan(vxlanSettings)
        try await connection.addLink(vxlan)
        var macvlan = LinkSettings()
        macvlan.name = "mv0"
        macvlan.parentIndex = peer
        macvlan.kind = .macvlan(tap: false, mode: 4, options: MACVLANOptions())
        try await connection.addLink(macvlan)
        // Two reads 300 ms apart while nothing is notified (the bridge's carrier may still be
        // coming up: then read again): their timers differ, the values do not.
        var before = try await connection.link(index: bridge)
        var after = before
        for _ in 0..<10 {
            before = try await connection.link(index: bridge)
            try await Task.sleep(for: .milliseconds(300))
            after = try await connection.link(index: bridge)
            if before.flags == after.flags && before.operationalState == after.operationalState && before.carrierChanges == after.carrierChanges { break }
        }
        #expect(before.kindData != after.kindData, "a bridge's timers should tick between two dumps")
        #expect(before == after)
        #expect(before.configurationKindData == after.configurationKindData)
        try await expectMirrorEqualsKernel(mirror, connection, "with a bridge, a port, a vxlan and a macvlan")
        let table = mirror.table
        let kinds: [String] = table.links.values.compactMap(\.kind?.rawValue).sorted()
        #expect(kinds == ["bridge", "macvlan", "veth", "veth", "vxlan"])
        #expect(table.links[port]?.portKind == "bridge")
    }

    /// The kernel's silent removals: IPv4 routes and permanent neighbours of a link that goes
    /// down, the routes of a deleted nexthop, everything of a deleted link.
    @Test func silentRemovals() async throws {
        let (_, connection) = try routeTestConnection()
        let a = try await upVethPair(connection, "m0")
        let b = try await upVethPair(connection, "m1")
        try await connection.addAddress(InterfaceAddressRequest(ip("192.0.2.1"), prefixLength: 24, index: a))
        try await connection.addNexthop(Nexthop(id: 1, interfaceIndex: b, family: inet))
        let mirror = try await RouteMirror.start(connection: connection)
        defer { mirror.close() }
        try await sendRoutes(connection, (0..<300).map { stormRoute($0, index: a) })
        try await sendRoutes(connection, (300..<400).map { stormRoute($0, index: b, nexthopID: 1) })
        try await sendRoutes(connection, (400..<500).map { stormRoute($0, index: b) })
        try await connection.addNeighbor(ip("192.0.2.9"), index: a, linkLayerAddress: [2, 0, 0, 0, 0, 9])
        try await expectMirrorEqualsKernel(mirror, connection, "before")

        try await connection.setLink(index: a, up: false)  // 300 routes and the neighbour vanish silently
        try await expectMirrorEqualsKernel(mirror, connection, "after link down")
        #expect(mirror.table.routes.values.filter { $0.outputIndex == a && $0.family == inet && $0.table == .main }.isEmpty)
        #expect(!mirror.table.neighbors.values.contains { $0.destination == ip("192.0.2.9") })

        try await connection.deleteNexthop(id: 1)  // its 100 routes go with it
        try await expectMirrorEqualsKernel(mirror, connection, "after nexthop delete")
        #expect(mirror.table.routes.values.filter { $0.nexthopID == 1 }.isEmpty)

        try await connection.setLink(index: a, up: true)
        try await connection.deleteLink(index: b)  // and its 100 routes
        try await expectMirrorEqualsKernel(mirror, connection, "after link delete")
        #expect(mirror.statistics.silentChangeResyncs >= 3)
    }

    /// A tiny receive buffer under a burst: the mirror sees the overrun, drains, re-dumps, says
    /// so, and ends equal to the kernel.
    @Test func overrunResyncs() async throws {
        var requestConfiguration = NetlinkConnection.Configuration()
        requestConfiguration.receiveBufferSize = 8 << 20  // room for 1,000 acknowledgements at once
        let (_, connection) = try routeTestConnection(configuration: requestConfiguration)
        let index = try await upVethPair(connection, "m0")
        var configuration = RouteMirror.Configuration()
        configuration.receiveBufferSize = 4_096
        configuration.forceReceiveBuffer = false
        configuration.eventBufferCapacity = 1
        let mirror = try await RouteMirror.start(connection: connection, configuration: configuration)
        defer { mirror.close() }
        try await sendRoutes(connection, (0..<3_000).map { stormRoute($0, index: index) }, batchSize: 1_000)
        let equal = try await expectMirrorEqualsKernel(mirror, connection, "after a burst")
        let statistics = mirror.statistics
        #expect(statistics.overruns >= 1)
        #expect(statistics.resyncs >= 2)
        print("REPORT-FIGURE mirror-tiny-buffer-overruns: \(statistics.overruns) (overruns of a 4 KiB mirror socket under 3,000 route adds in bursts of 1,000; \(statistics.resyncs) resyncs, \(endComparison(equal)))")
    }
}

@Suite("Route mirror link flaps under overruns", .enabled(if: RouteKernelAccess.available, RouteKernelAccess.reason))
struct RouteMirrorFlapTests {
    /// A link flaps again and again right after bursts of routes, while the mirror's 8 KiB socket
    /// overruns: link-down and link-up notifications (and the IPv6 removals and additions they
    /// bring) land in and around overrun windows, each asking for a re-dump; the mirror must end
    /// equal to the kernel with the link up. The path of issue 6, on the real kernel; the exact
    /// interleaving of that bug (a link-down read after the overrun's mark while its re-dump
    /// waits for the barrier, the link-up lost) depends on thread timing and is reproduced
    /// deterministically by ``RouteMirrorFakeKernelTests/silentChangeInOverrunWindowDoesNotReplayLostState()``.
    /// Flaps: 40, or `ROUTE_MIRROR_FLAPS`.
    @Test func linkFlapsUnderOverruns() async throws {
        let flaps = getenv("ROUTE_MIRROR_FLAPS").flatMap { Int(String(cString: $0)) } ?? 40
        let (_, connection) = try routeTestConnection()
        let index = try await upVethPair(connection, "f0")
        try await connection.addAddress(InterfaceAddressRequest(ip("192.0.2.1"), prefixLength: 24, index: index))
        var configuration = RouteMirror.Configuration()
        configuration.receiveBufferSize = 4_096
        configuration.forceReceiveBuffer = false
        let mirror = try await RouteMirror.start(connection: connection, configuration: configuration)
        defer { mirror.close() }
        for flap in 0..<flaps {
            try await sendRoutes(connection, (0..<30).map { stormRoute(flap * 30 + $0, index: index) })
            try await connection.addAddress(InterfaceAddressRequest(ip("2001:db8::1"), prefixLength: 64, index: index, flags: [.noDAD]))
            try await connection.setLink(index: index, up: false)  // IPv4 routes vanish, the IPv6 address goes
            try await connection.setLink(index: index, up: true)
        }
        let equal = try await expectMirrorEqualsKernel(mirror, connection, "after \(flaps) link flaps")
        #expect(mirror.table.links[index]?.isUp == true)
        let statistics = mirror.statistics
        print("REPORT-FIGURE mirror-link-flaps: \(flaps) link flaps after bursts of 30 routes on an 8 KiB mirror socket: \(statistics.overruns) overruns, \(statistics.resyncs) resyncs (\(statistics.silentChangeResyncs) asked for silent changes), \(endComparison(equal))")
    }
}

/// The storm of RELIABILITY.md: adds, deletes and re-adds of routes with link down/up and nexthop
/// deletes mixed in. CI size: 10k/10k/5k; `ROUTE_MIRROR_STORM=full` runs 100k/100k/50k.
@Suite("Route mirror storm", .enabled(if: RouteKernelAccess.available, RouteKernelAccess.reason), .serialized)
struct RouteMirrorStormTests {
    static var size: Int {
        if let value = getenv("ROUTE_MIRROR_STORM").map({ String(cString: $0) }) {
            return value == "full" ? 100_000 : Int(value) ?? 10_000
        }
        return 10_000
    }

    struct Outcome {
        var seconds: Double
        var syncSeconds: Double
        var statistics: RouteMirror.Statistics
        var routes: Int
        var bufferSize: Int
        /// Whether the mirror ended equal to a fresh dump.
        var equal: Bool
    }

    /// Runs the storm against a mirror with `configuration` in a new private namespace.
    ///
    /// The storm's own connection asks for an 8 MiB receive buffer (forced where permitted, else
    /// capped at `rmem_max`): a batch of `batchSize` messages gets as many acknowledgements at once.
    static func storm(size: Int, configuration: RouteMirror.Configuration, label: String, batchSize: Int = 200) async throws -> Outcome {
        var requestConfiguration = NetlinkConnection.Configuration()
        requestConfiguration.receiveBufferSize = 8 << 20
        let (_, connection) = try routeTestConnection(configuration: requestConfiguration)
        func sendRoutes(_ connection: NetlinkConnection, _ routes: [Route], delete: Bool = false) async throws {
            try await NetlinkRouteTests.sendRoutes(connection, routes, delete: delete, batchSize: batchSize)
        }
        let a = try await upVethPair(connection, "s0")
        let b = try await upVethPair(connection, "s1")
        let nexthops: [UInt32] = [1, 2, 3, 4]
        for id in nexthops { try await connection.addNexthop(Nexthop(id: id, interfaceIndex: a, family: inet)) }
        let mirror = try await RouteMirror.start(connection: connection, configuration: configuration)
        defer { mirror.close() }
        let bufferSize = try mirror.subscription.socket?.receiveBufferSize() ?? 0
        let failures = Task {
            var failures: [String] = []
            for await notice in mirror.notices { if case .dumpFailed(let error) = notice, failures.count < 3 { failures.append("\(error)") } }
            return failures
        }
        func route(_ i: Int) -> Route {
            switch i % 10 {
            case 0: stormRoute(i, index: a, nexthopID: nexthops[(i / 10) % 4])
            case 1, 2: stormRoute(i, index: b)
            default: stormRoute(i, index: a)
            }
        }
        let clock = ContinuousClock()
        let started = clock.now
        // Adds, with the second link going down and up in the middle (its IPv4 routes vanish).
        try await sendRoutes(connection, (0..<size / 2).map(route))
        try await connection.setLink(index: b, up: false)
        try await connection.setLink(index: b, up: true)
        try await sendRoutes(connection, (size / 2..<size).map(route))
        // Deletes, with a nexthop deleted in the middle (its routes vanish).
        try await sendRoutes(connection, (0..<size / 2).map(route), delete: true)
        try await connection.deleteNexthop(id: 2)
        try await sendRoutes(connection, (size / 2..<size).map(route), delete: true)
        // Re-adds (those through nexthop 2 are refused), and one more link flap.
        try await sendRoutes(connection, (0..<size / 4).map(route))
        try await connection.setLink(index: b, up: false)
        try await connection.setLink(index: b, up: true)
        try await sendRoutes(connection, (size / 4..<size / 2).map(route))
        let stormEnded = clock.now
        try await mirror.sync()
        let synced = clock.now
        let equal = try await expectMirrorEqualsKernel(mirror, connection, label)
        func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
        let statistics = mirror.statistics
        let routes = mirror.table.routes.count
        mirror.close()
        let failed = await failures.value
        if !failed.isEmpty { print("\(label): dump failures (retried): \(failed)") }
        return Outcome(
            seconds: seconds(stormEnded - started), syncSeconds: seconds(synced - stormEnded), statistics: statistics,
            routes: routes, bufferSize: bufferSize, equal: equal)
    }

    /// The default receive buffer (a subscription's, ``NetlinkConnection/subscriptionReceiveBufferSize``):
    /// any overrun is detected and resynced; the end state equals the kernel's. (With the system's
    /// 208 KiB overruns happened here; the forced 256 MiB and 4 KiB cases are the tests below and above.)
    @Test func defaultBuffer() async throws {
        let size = Self.size
        let outcome = try await Self.storm(size: size, configuration: RouteMirror.Configuration(), label: "storm, default buffer")
        print("REPORT-FIGURE mirror-storm-default-buffer: \(size)/\(size)/\(size / 2) adds/deletes/re-adds in \(String(format: outcome.seconds)) s (then sync \(String(format: outcome.syncSeconds)) s), \(outcome.statistics.overruns) overruns, \(outcome.statistics.resyncs) resyncs (\(outcome.statistics.silentChangeResyncs) asked for silent changes), \(outcome.statistics.failedDumps) failed dumps, repairs \(outcome.statistics.totalDifference), \(endComparison(outcome.equal)) (\(outcome.routes) routes; buffer \(outcome.bufferSize) bytes)")
    }

    /// A forced 256 MiB buffer: no overrun, nothing lost, equal to the kernel.
    @Test func forcedLargeBuffer() async throws {
        let size = Self.size
        var configuration = RouteMirror.Configuration()
        configuration.receiveBufferSize = 256 << 20
        configuration.forceReceiveBuffer = true
        let outcome = try await Self.storm(size: size, configuration: configuration, label: "storm, forced large buffer")
        #expect(outcome.statistics.overruns == 0)
        print("REPORT-FIGURE mirror-storm-forced-buffer: \(size)/\(size)/\(size / 2) adds/deletes/re-adds in \(String(format: outcome.seconds)) s (then sync \(String(format: outcome.syncSeconds)) s), \(outcome.statistics.overruns) overruns, \(outcome.statistics.eventsApplied) events applied, \(endComparison(outcome.equal)) (buffer \(outcome.bufferSize) bytes)")
    }
}

extension String {
    /// `value` with two decimals.
    init(format value: Double) {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        self = "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

/// A mirror under `unshare -U -r`: root of a new user namespace, where `SO_RCVBUFFORCE` is not
/// permitted, so the default buffer overruns under a storm; the overrun must be detected and
/// resynced. `unshare(CLONE_NEWUSER)` is refused to a multithreaded process, so the test runs
/// this test binary again as a child under `unshare -U -r -n`, selecting only ``child()``.
@Suite("Route mirror in a user namespace", .enabled(if: RouteKernelAccess.available, RouteKernelAccess.reason))
struct RouteMirrorUserNamespaceTests {
    static let childVariable = "ROUTE_MIRROR_USERNS_CHILD"
    static var isChild: Bool { getenv(childVariable) != nil }

    @Test(.enabled(if: !RouteMirrorUserNamespaceTests.isChild, "this is the child's run"))
    func parent() throws {
        let binary = CommandLine.arguments[0]
        let result = runChild(environment: [Self.childVariable + "=1"], ["unshare", "-U", "-r", "-n", binary, "--testing-library", "swift-testing",
                               "--filter", "RouteMirrorUserNamespaceTests/child"])
        let figures = result.output.split(separator: "\n").filter { $0.hasPrefix("REPORT-FIGURE") }
        for line in figures { print(line) }
        #expect(result.status == 0, "child failed:\n\(result.output.suffix(4_000))")
        #expect(result.output.contains("CHILD-OK"), "the child did not run its test:\n\(result.output.suffix(4_000))")
    }

    @Test(.enabled(if: RouteMirrorUserNamespaceTests.isChild, "runs only as the child of parent(), under unshare -U -r -n"))
    func child() async throws {
        // Forcing is refused here (EPERM): the socket gets at most rmem_max.
        let probe = try NetlinkSocket(family: .route)
        let setting = try probe.setReceiveBufferSize(64 << 20, force: true)
        probe.close()
        #expect(!setting.forced)
        // The default buffer: whether it overruns depends on how fast this machine drains it.
        let plain = try await RouteMirrorStormTests.storm(size: 5_000, configuration: RouteMirror.Configuration(), label: "storm in a user namespace, default buffer")
        print("REPORT-FIGURE mirror-storm-userns-default: 5000/5000/2500 adds/deletes/re-adds under unshare -U -r, default buffer \(plain.bufferSize) bytes: \(plain.statistics.overruns) overruns, \(plain.statistics.resyncs) resyncs, \(endComparison(plain.equal))")
        // A 4 KiB buffer asked with SO_RCVBUFFORCE (refused, SO_RCVBUF used) under bursts of
        // 1,000 notifications per sendmsg: overruns, whoever is faster.
        var small = RouteMirror.Configuration()
        small.receiveBufferSize = 4_096
        small.forceReceiveBuffer = true
        // Issue 6 was seen here (about 1 run in 4 on CI): a link-down notification read after an
        // overrun asked for a re-dump that replayed it on a dump taken after the link came back up
        // (that link-up lost in the overrun's window), so the mirror kept the link down. Fixed:
        // a replay never starts before the barrier that ends an overrun's window.
        let outcome = try await RouteMirrorStormTests.storm(
            size: 5_000, configuration: small, label: "storm in a user namespace, small buffer", batchSize: 1_000)
        #expect(outcome.statistics.overruns >= 1)
        print("REPORT-FIGURE mirror-storm-userns-small: 5000/5000/2500 adds/deletes/re-adds under unshare -U -r, forcing refused, buffer \(outcome.bufferSize) bytes: \(outcome.statistics.overruns) overruns detected, \(outcome.statistics.resyncs) resyncs, \(endComparison(outcome.equal))")
        print("CHILD-OK")
    }
}

/// The mirror on the fake kernel: dumps scripted, events injected.
@Suite("Route mirror on the fake kernel")
struct RouteMirrorFakeKernelTests {
    /// `struct ifinfomsg` for `index` with `IFF_UP` as asked, then `IFLA_IFNAME`.
    static func linkPayload(index: Int32, name: String, up: Bool = true) -> [UInt8] {
        var payload: [UInt8] = [0, 0, 1, 0]
        withUnsafeBytes(of: index) { payload += $0 }
        withUnsafeBytes(of: UInt32(up ? 1 : 0)) { payload += $0 }  // ifi_flags
        payload += [0, 0, 0, 0]                                     // ifi_change
        let nameBytes = Array(name.utf8) + [0]
        withUnsafeBytes(of: UInt16(4 + nameBytes.count)) { payload += $0 }
        payload += [3, 0] + nameBytes
        while payload.count % 4 != 0 { payload.append(0) }
        return payload
    }

    /// An IPv4 unicast route to `a.b.c.0/24` through `index`.
    static func routePayload(_ c: UInt8, index: Int32) -> [UInt8] {
        var payload: [UInt8] = [2, 24, 0, 0, 254, 3, 0, 1, 0, 0, 0, 0]  // struct rtmsg: AF_INET /24, main, boot, universe, unicast
        payload += [8, 0, 1, 0, 198, 51, c, 0]                         // RTA_DST
        payload += [8, 0, 4, 0]                                         // RTA_OIF
        withUnsafeBytes(of: index) { payload += $0 }
        return payload
    }

    /// Kernels that answer the mirror's dumps with `links` and `routes` (and nothing else), and
    /// its barrier (`RTM_GETLINK` without dump) with `lo` and an acknowledgement.
    static func kernels(
        links: @escaping @Sendable () -> [[UInt8]], routes: @escaping @Sendable () -> [[UInt8]]
    ) throws -> (FakeNetlinkKernel, RouteMirrorFakeKernelTests.Connections) {
        let dumps = FakeNetlinkKernel()
        dumps.on(type: RouteMessageType.getLink) { _ in [.dump(type: RouteMessageType.newLink, payloads: links())] }
        dumps.on(type: RouteMessageType.getAddress) { _ in [.dump(type: RouteMessageType.newAddress, payloads: [])] }
        dumps.on(type: RouteMessageType.getRoute) { request in
            let ipv4 = request.payload.first == 2
            return [.dump(type: RouteMessageType.newRoute, payloads: ipv4 ? routes() : [])]
        }
        dumps.on(type: RouteMessageType.getNeighbor) { _ in [.dump(type: RouteMessageType.newNeighbor, payloads: [])] }
        dumps.on(type: RouteMessageType.getNexthop) { _ in [.dump(type: RouteMessageType.newNexthop, payloads: [])] }
        let events = FakeNetlinkKernel()
        events.on(type: RouteMessageType.getLink) { _ in
            [.message(type: RouteMessageType.newLink, payload: linkPayload(index: 1, name: "lo")), .ack()]
        }
        var eventConfiguration = NetlinkConnection.Configuration()
        eventConfiguration.groups = RouteEventObjects([.link, .address, .route, .neighbor, .nexthop]).groups
        eventConfiguration.pauseReadingWhenEventsBacklogged = true
        let connections = Connections(
            requests: try NetlinkConnection(transport: dumps), events: try NetlinkConnection(transport: events, configuration: eventConfiguration))
        return (events, connections)
    }

    struct Connections {
        var requests: NetlinkConnection
        var events: NetlinkConnection
    }

    /// An undecodable notification is counted, reported, and followed by a re-dump that fixes
    /// what it may have hidden.
    @Test func undecodableNotificationResyncs() async throws {
        let routes = Mutex<[[UInt8]]>([Self.routePayload(1, index: 2)])
        let (events, connections) = try Self.kernels(
            links: { [Self.linkPayload(index: 1, name: "lo"), Self.linkPayload(index: 2, name: "eth0")] },
            routes: { routes.withLock { $0 } })
        let mirror = try await RouteMirror.start(requests: connections.requests, events: connections.events)
        defer { mirror.close() }
        #expect(mirror.table.routes.count == 1)
        #expect(mirror.table.links.count == 2)
        // The kernel gained a route whose notification arrives broken.
        routes.withLock { $0.append(Self.routePayload(2, index: 2)) }
        events.inject([.event(group: RouteGroup.ipv4Route, type: RouteMessageType.newRoute, payload: [2, 24, 0])])
        try await mirror.sync()
        let statistics = mirror.statistics
        #expect(statistics.undecodable == 1)
        #expect(statistics.resyncs == 2)
        #expect(mirror.table.routes.count == 2)
    }

    /// A link going down drops its IPv4 routes at once (the kernel does not notify their removal).
    @Test func linkDownDropsItsRoutes() async throws {
        let routes = Mutex<[[UInt8]]>([Self.routePayload(1, index: 2), Self.routePayload(2, index: 1)])
        let up = Mutex(true)
        let (events, connections) = try Self.kernels(
            links: { [Self.linkPayload(index: 1, name: "lo"), Self.linkPayload(index: 2, name: "eth0", up: up.withLock { $0 })] },
            routes: { routes.withLock { $0 } })
        let mirror = try await RouteMirror.start(requests: connections.requests, events: connections.events)
        defer { mirror.close() }
        #expect(mirror.table.routes.count == 2)
        routes.withLock { _ = $0.removeFirst() }
        up.withLock { $0 = false }
        events.inject([.event(group: RouteGroup.link, type: RouteMessageType.newLink, payload: Self.linkPayload(index: 2, name: "eth0", up: false))])
        try await mirror.sync()
        #expect(mirror.table.routes.values.map(\.outputIndex) == [1])
        #expect(mirror.statistics.silentChangeResyncs == 1)
        #expect(mirror.statistics.lastDifference.isEmpty)  // the rule had already dropped it
    }

    /// A link going down keeps the local routes of its IPv4 addresses (scope host: the kernel
    /// spares them, and does not notify them again when the link comes back up).
    @Test func linkDownKeepsItsLocalRoutes() async throws {
        // 198.51.100.1/32 in table local, kernel, scope host, type local, through eth0.
        var local: [UInt8] = [2, 32, 0, 0, 255, 2, 254, 2, 0, 0, 0, 0]
        local += [8, 0, 1, 0, 198, 51, 100, 1]
        local += [8, 0, 4, 0]
        withUnsafeBytes(of: Int32(2)) { local += $0 }
        let routes = Mutex<[[UInt8]]>([Self.routePayload(1, index: 2), local])
        let up = Mutex(true)
        let (events, connections) = try Self.kernels(
            links: { [Self.linkPayload(index: 1, name: "lo"), Self.linkPayload(index: 2, name: "eth0", up: up.withLock { $0 })] },
            routes: { routes.withLock { $0 } })
        let mirror = try await RouteMirror.start(requests: connections.requests, events: connections.events)
        defer { mirror.close() }
        #expect(mirror.table.routes.count == 2)
        routes.withLock { _ = $0.removeFirst() }
        up.withLock { $0 = false }
        events.inject([.event(group: RouteGroup.link, type: RouteMessageType.newLink, payload: Self.linkPayload(index: 2, name: "eth0", up: false))])
        try await mirror.sync()
        #expect(mirror.table.routes.values.map(\.type) == [.local])
        #expect(mirror.statistics.lastDifference.isEmpty)  // the rule did what the kernel did
    }

    /// The bug of issue 6: after an overrun, notifications may be missing until the barrier's
    /// acknowledgement. A link going down in that window (its notification arrived) asks for a
    /// re-dump of its own; it must not replay that stale notification on a dump taken after the
    /// link came back up (that notification was lost): the link would stay down in the mirror
    /// for ever. Here the kernel queues the link-down notification just before the barrier's
    /// reply, and the link is up again (unnotified) when the mirror dumps.
    @Test func silentChangeInOverrunWindowDoesNotReplayLostState() async throws {
        let up = Mutex(true)
        let armed = Mutex(false)
        let dumps = FakeNetlinkKernel()
        dumps.on(type: RouteMessageType.getLink) { _ in
            [.dump(type: RouteMessageType.newLink, payloads: [Self.linkPayload(index: 1, name: "lo"), Self.linkPayload(index: 2, name: "eth0", up: up.withLock { $0 })])]
        }
        dumps.on(type: RouteMessageType.getAddress) { _ in [.dump(type: RouteMessageType.newAddress, payloads: [])] }
        dumps.on(type: RouteMessageType.getRoute) { _ in [.dump(type: RouteMessageType.newRoute, payloads: [])] }
        dumps.on(type: RouteMessageType.getNeighbor) { _ in [.dump(type: RouteMessageType.newNeighbor, payloads: [])] }
        dumps.on(type: RouteMessageType.getNexthop) { _ in [.dump(type: RouteMessageType.newNexthop, payloads: [])] }
        let events = FakeNetlinkKernel()
        events.on(type: RouteMessageType.getLink) { _ in
            let reply: [FakeReply] = [.message(type: RouteMessageType.newLink, payload: Self.linkPayload(index: 1, name: "lo")), .ack()]
            guard armed.withLock({ armed in defer { armed = false }; return armed }) else { return reply }
            // The first barrier after the overrun: eth0 went down (notified) and up again (that
            // notification lost in the overrun's window) before the barrier got through.
            return [.event(group: RouteGroup.link, type: RouteMessageType.newLink, payload: Self.linkPayload(index: 2, name: "eth0", up: false))] + reply
        }
        var eventConfiguration = NetlinkConnection.Configuration()
        eventConfiguration.groups = RouteEventObjects([.link, .address, .route, .neighbor, .nexthop]).groups
        eventConfiguration.pauseReadingWhenEventsBacklogged = true
        let mirror = try await RouteMirror.start(
            requests: try NetlinkConnection(transport: dumps), events: try NetlinkConnection(transport: events, configuration: eventConfiguration))
        defer { mirror.close() }
        #expect(mirror.table.links[2]?.isUp == true)
        armed.withLock { $0 = true }
        events.inject([.overrun])
        // The overrun's re-dump sends the first barrier (so that the link-down notification is
        // consumed while that re-dump runs); sync() only after it.
        for await notice in mirror.notices {
            if case .resynced(.overrun, _) = notice { break }
        }
        try await mirror.sync()
        #expect(mirror.statistics.overruns == 1)
        #expect(mirror.statistics.silentChangeResyncs == 1)
        #expect(mirror.table.links[2]?.isUp == true, "the mirror replayed a notification from before a loss onto a later dump")
    }

    /// An overrun makes the mirror send a barrier, re-dump, and report the resync.
    @Test func overrunResyncsAndReports() async throws {
        let routes = Mutex<[[UInt8]]>([])
        let (events, connections) = try Self.kernels(links: { [Self.linkPayload(index: 1, name: "lo")] }, routes: { routes.withLock { $0 } })
        let mirror = try await RouteMirror.start(requests: connections.requests, events: connections.events)
        defer { mirror.close() }
        routes.withLock { $0 = [Self.routePayload(9, index: 1)] }  // its notification was lost
        events.inject([.overrun])
        try await mirror.sync()
        #expect(mirror.statistics.overruns == 1)
        #expect(mirror.statistics.lastDifference == RouteMirrorDifference(added: 1))
        #expect(mirror.table.routes.count == 1)
    }
}
