import Netlink
import NetlinkCore
import NetlinkRoute
import Testing

// The APIs that take a builder closure, called from main-actor code (what `main.swift` top-level
// code and SwiftUI/app code are). Before they were `nonisolated(nonsending)` this file did not
// compile: "sending value of non-Sendable type '(inout NetlinkMessageBuilder) -> ()' risks
// causing data races". The suite below also runs them.

@MainActor
func mainActorRequests(_ connection: NetlinkConnection) async throws {
    try await connection.execute(type: RouteMessageType.getLink, fixedHeaderSize: InterfaceInfoMessage.size) { b in
        InterfaceInfoMessage(index: 1).encode(into: &b)
    }
    let batch = connection.batch()
    let route = Route(destination: IPAddress("10.9.0.0")!, prefixLength: 16, outputIndex: 1)
    _ = try await batch.append(type: RouteMessageType.newRoute, flags: [.create, .exclusive], fixedHeaderSize: RouteMessage.size) { b in
        try route.encode(into: &b, for: .add)
    }
    let outcomes = try await batch.results()
    precondition(outcomes.count == 1)
    _ = try await connection.get(type: RouteMessageType.getLink) { b in InterfaceInfoMessage(index: 1).encode(into: &b) }
}

@MainActor
func mainActorDumps(_ connection: NetlinkConnection) async throws {
    for try await datagram in connection.dump(type: RouteMessageType.getLink, fixedHeaderSize: InterfaceInfoMessage.size, { b in
        InterfaceInfoMessage().encode(into: &b)
    }) {
        _ = datagram.length
    }
    let names = try await connection.dumpAll(type: RouteMessageType.getLink, fixedHeaderSize: InterfaceInfoMessage.size, { b in
        InterfaceInfoMessage().encode(into: &b)
    }) { message in try Link(decoding: message).name }
    _ = names
    _ = try await connection.executeBatch([(type: RouteMessageType.getLink, flags: [], fixedHeaderSize: 0, build: { b in InterfaceInfoMessage(index: 1).encode(into: &b) })])
}

/// The README's batch example ("Batches, events, the mirror, tun/tap"), as written there, in a
/// main-actor helper function.
@MainActor
func readmeBatchExample(_ connection: NetlinkConnection, _ routes: [Route]) async throws -> [String] {
    var printed: [String] = []
    func print(_ text: String) { printed.append(text) }
    // Many changes in few sendmsg calls: one growing buffer, up to 1,024 in flight (acknowledgements
    // for errors only), each outcome matched to its change by sequence number. Typed changes (add,
    // replace, delete of routes, addresses, neighbours, nexthops), or any message with append(type:).
    let batch = connection.batch()
    for route in routes {
        try await batch.add(route)
        for (index, error) in batch.takeFailures() { print("change \(index): \(error)") }
    }
    for (index, error) in try await batch.failures() { print("change \(index): \(error)") }
    return printed
}

@Suite("Builder-closure APIs from the main actor", .enabled(if: KernelAccess.available, KernelAccess.reason))
struct MainActorCallSiteTests {
    @MainActor @Test func runFromTheMainActor() async throws {
        let (_, connection) = try privateConnection()
        try await connection.createLink(name: "m0", kind: "ifb")
        try await mainActorRequests(connection)
        try await mainActorDumps(connection)
        let index = try await connection.link(named: "m0").index
        try await connection.setLink(index: index, up: true)
        let routes = (0..<50).map { Route(destination: IPAddress("10.20.\($0).0")!, prefixLength: 24, outputIndex: $0 == 7 ? 999 : index) }
        let printed = try await readmeBatchExample(connection, routes)
        #expect(printed.count == 1 && printed[0].hasPrefix("change 7: "), "\(printed)")
        #expect(connection.pendingCount == 0)
    }
}
