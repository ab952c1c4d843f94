import KernelFeatures
import Glibc
import Netlink
import NetlinkCore
import NetlinkRoute
import NetlinkTestSupport
import Testing

// The README's Swift snippets, each verbatim inside a main-actor function (what `main.swift`
// top-level code is), with the few names a snippet assumes declared before it. They are compiled
// with the tests, not run (some loop over events forever). `readmeSnippetsAreHere` fails when a
// snippet in the README is no longer found here line for line: edit both together.

@MainActor
func readmeTourReading() {

    func printLinks(_ datagram: [UInt8]) throws {
        var messages = NetlinkMessages(datagram.span.bytes)
        while let message = try messages.next() {          // checks every nlmsg_len before use
            switch message.type {
            case .done:
                if let error = NetlinkError.dumpDone(try NetlinkDoneMessage(decoding: message)) { throw error }
            case .error:
                let reply = try NetlinkErrorMessage(decoding: message)
                if let error = NetlinkError.kernelReply(reply) { throw error }
            default:
                var attributes = try message.attributes(afterFixedHeader: 16)   // struct ifinfomsg
                while let attribute = try attributes.next() {
                    switch attribute.type {
                    case 3: print("name", attribute.string())                   // IFLA_IFNAME
                    case 4: print("mtu", try attribute.uint32(.host))            // IFLA_MTU
                    default: continue                                            // unknown: skipped
                    }
                }
            }
        }
    }
}

@MainActor
func readmeTourWriting() throws {
    var builder = NetlinkMessageBuilder()
    try builder.message(type: NetlinkMessageType(16), flags: [.request, .acknowledge, .create, .exclusive], sequence: 1) { b in
        b.appendZeros(16)                                   // struct ifinfomsg
        try b.appendAttribute(3, string: "veth0")           // IFLA_IFNAME
        try b.appendNested(18) { b in                       // IFLA_LINKINFO
            try b.appendAttribute(1, string: "veth")        // IFLA_INFO_KIND
        }
    }
    _ = builder
}

@MainActor
func readmeTourFakeKernel(lo: [UInt8], eth0: [UInt8], link: [UInt8]) {
    let kernel = FakeNetlinkKernel()
    kernel.on(type: NetlinkMessageType(18)) { _ in [.dump(type: NetlinkMessageType(16), payloads: [lo, eth0])] }
    kernel.on(type: NetlinkMessageType(16)) { request in
        [.error(.invalidArgument, NetlinkExtendedAck(message: "Attribute failed policy validation",
                                                     offset: request.offset(ofAttribute: 3, fixedHeaderSize: 16)))]
    }
    kernel.inject([.event(group: 1, type: NetlinkMessageType(16), payload: link)])
}

@MainActor
func readmeEngine() async throws {

    let connection = try await NetlinkConnection(family: .route)           // or namespace: .named("blue")
    for link in try await connection.links() { print(link.index, link.name, link.mtu ?? 0) }
    try await connection.createVethPair(name: "va", peerName: "vb")        // ACKed; errors carry ext-ack
    let events = try await connection.subscribe(groups: [RouteGroup.link])  // a separate socket for events
    for try await event in events.events {
        switch event {
        case .notification(let datagram): try datagram.forEachMessage { print(try Link(decoding: $0).name) }
        case .overrun(let drops): print("lost events (\(drops ?? 0) dropped): re-dump")
        }
    }
}

@MainActor
func readmeNamespacesAndLinkChanges() async throws {
    // A container's network as a CNI plugin makes it: a named namespace, a veth pair whose peer moves
    // in (the index it has there is returned), a bridge port on the host side, names, MTU, address, up.
    let container = try NetworkNamespace.create(named: "ctr1")           // ip netns add ctr1
    let host = try await NetlinkConnection(family: .route)
    try await host.createVethPair(name: "veth-ctr1", peerName: "ctr1-eth0")
    let port = try await host.link(named: "veth-ctr1")
    try await host.setMaster(ofLink: port.index, to: try await host.link(named: "cni0").index)
    try await host.setLink(index: port.index, mtu: 1450)
    try await host.setLink(index: port.index, up: true)
    let peer = try await host.link(named: "ctr1-eth0")
    let index = try await host.moveLink(index: peer.index, to: container)
    let inside = try await NetlinkConnection(family: .route, namespace: container)
    try await inside.renameLink(index: index, to: "eth0")
    try await inside.setLink(index: index, address: MACAddress("02:42:0a:58:00:02")!)
    try await inside.setLink(index: index, up: true)
    try await inside.addAddress(InterfaceAddressRequest("10.88.0.2/16", index: index))   // IPPrefix
    try await inside.addRoute(Route(destination: "0.0.0.0/0", gateway: IPAddress("10.88.0.1")))
    print(NetworkNamespace.names(), container.processIDs())             // ip netns list, ip netns pids
    try NetworkNamespace.delete(named: "ctr1")                           // ip netns delete ctr1
}

@MainActor
func readmeBatchesEventsMirror(_ connection: NetlinkConnection, routes: [Route], bridgeIndex: Int32) async throws {
    // Many changes in few sendmsg calls: one growing buffer, up to 1,024 in flight (acknowledgements
    // for errors only), each outcome matched to its change by sequence number. Typed changes (add,
    // replace, delete of routes, addresses, neighbours, nexthops), or any message with append(type:).
    let batch = connection.batch()
    for route in routes {
        try await batch.add(route)
        for (index, error) in batch.takeFailures() { print("change \(index): \(error)") }
    }
    for (index, error) in try await batch.failures() { print("change \(index): \(error)") }

    // Typed events from a subscription socket; an overrun is an element, nothing is dropped silently.
    for try await event in try await connection.routeEvents([.link, .address, .route]) {
        switch event {
        case .route(let change): print(change.action, change.object.destinationDescription)
        case .overrun(let drops): print("lost \(drops ?? 0): re-dump")
        case .undecodable(_, let error): print(error)
        default: break
        }
    }

    // A table that never drifts: subscribes before it dumps, applies events, resyncs by itself on
    // overrun and after the kernel's silent removals (IPv4 routes on link down, the routes of a deleted
    // nexthop, neighbours flushed on link down).
    let mirror = try await RouteMirror.start(connection: connection)
    try await mirror.sync()                      // every change acknowledged before this call is in the table
    print(mirror.table.routes.count, mirror.statistics)

    // tun/tap through /dev/net/tun on a thread inside the connection's namespace; listed and deleted
    // through rtnetlink. Link dumps filtered by the kernel; RTM_GETSTATS.
    var tap = TunTapOptions(mode: .tap, name: "tap-vm1")
    tap.virtioNetHeader = true
    try await connection.createTunTap(tap)
    let ports = try await connection.links(filter: LinkFilter(masterIndex: bridgeIndex))
    let statistics = try await connection.linkStatistics(index: 2)
    _ = (ports, statistics)
}

/// The lines of every ```swift block of `markdown` (but `import` lines and a `Package.swift`
/// manifest) that are not found in `source`, each block's lines in order; and how many blocks
/// were checked.
func snippetLinesMissing(from markdown: String, in source: String) -> (missing: [String], blocks: Int) {
    let sourceLines = source.split(separator: "\n", omittingEmptySubsequences: false).map { $0.drop(while: { $0 == " " }) }
    var missing: [String] = []
    var blocks = 0
    var rest = markdown[...]
    while let open = rest.range(of: "```swift\n") {
        let body = rest[open.upperBound...]
        guard let close = body.range(of: "```") else { break }
        rest = body[close.upperBound...]
        let code = body[..<close.lowerBound]
        if code.hasPrefix("// swift-tools-version") { continue }
        blocks += 1
        var position = 0
        for line in code.split(separator: "\n") where !line.hasPrefix("import ") {
            let wanted = line.drop(while: { $0 == " " })
            guard let found = sourceLines[position...].firstIndex(where: { $0 == wanted }) else {
                missing.append("snippet \(blocks): \(line)")
                break
            }
            position = found + 1
        }
    }
    return (missing, blocks)
}

/// The package's root, from this file's path.
func packageRoot(_ file: String = #filePath) -> String {
    "/" + file.split(separator: "/").dropLast(3).joined(separator: "/")
}

@Suite("README snippets")
struct ReadmeSnippetTests {
    /// Every line of every ```swift block of the README is in this file, in order.
    @Test func readmeSnippetsAreHere() throws {
        let readme = try #require(readWholeFile(packageRoot() + "/README.md"))
        let source = try #require(readWholeFile(#filePath))
        let (missing, blocks) = snippetLinesMissing(from: readme, in: source)
        for line in missing { Issue.record("README \(line): line not found here (in order)") }
        #expect(blocks == 6, "the README has \(blocks) Swift snippets; this file holds 6")
    }
}
