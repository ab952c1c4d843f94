import Netlink
import NetlinkCore
import NetlinkRoute
import NetlinkTestSupport
import Testing

/// The typed batch helpers with the default options (a window of 1,024, acknowledgements for errors
/// only), on the kernel: routes, an address, a neighbour and a nexthop appended as values, the
/// failures read as they come and at the end, each with the index its append returned.
@Suite("Typed batches on the kernel", .enabled(if: RouteKernelAccess.available, RouteKernelAccess.reason))
struct RouteBatchTests {
    @Test func typedChangesWithDefaults() async throws {
        let (_, connection) = try routeTestConnection()
        let index = try await upVethPair(connection, "b0")
        let batch = connection.batch()
        #expect(batch.options.window == 1_024)
        #expect(batch.options.acknowledgements == .errorsOnly)
        #expect(try #require(connection.socket).receiveBufferSize() >= 1_024 * NetlinkBatch.receiveBufferPerMessage)

        try await batch.add(InterfaceAddressRequest(ip("192.0.2.1"), prefixLength: 24, index: index))
        try await batch.add(Nexthop(id: 7, gateway: ip("192.0.2.254"), interfaceIndex: index))
        try await batch.add(Neighbor(index: index, destination: ip("192.0.2.9"), linkLayerAddress: [2, 0, 0, 0, 0, 9], state: .permanent))
        var expectedFailures: [Int] = []
        var failures: [(index: Int, error: NetlinkError)] = []
        for n in 0..<3_000 {
            var route = Route(destination: ip("10.\(n / 256).\(n % 256).0"), prefixLength: 24, outputIndex: index)
            if n % 1_000 == 999 { route.outputIndex = 999 }              // no such device: fails
            if n % 10 == 5 { route.outputIndex = nil; route.nexthopID = 7 }  // through the nexthop object
            let appended = try await batch.add(route)
            if n % 1_000 == 999 { expectedFailures.append(appended) }
            failures += batch.takeFailures()                              // as they come, never waiting
        }
        let duplicate = try await batch.add(Route(destination: ip("10.0.1.0"), prefixLength: 24, outputIndex: index))
        expectedFailures.append(duplicate)
        try await batch.delete(Route(destination: ip("10.0.2.0"), prefixLength: 24, outputIndex: index))
        failures += try await batch.failures()

        #expect(failures.map(\.index) == expectedFailures)
        #expect(failures.dropLast().allSatisfy { $0.error.errno == .operationNotSupportedByDevice })
        #expect(failures.last?.error.errno == .fileExists)
        #expect(batch.succeeded == batch.count - expectedFailures.count)

        let routes = try await connection.routes(filter: RouteFilter(family: inet, table: .main))
        let ours = routes.filter { $0.destinationPrefixLength == 24 && $0.destinationDescription.hasPrefix("10.") }
        #expect(ours.count == 3_000 - 3 - 1)  // three refused, one deleted
        #expect(ours.filter { $0.nexthopID == 7 }.count == 300)
        #expect(try await connection.neighbors(family: inet, index: index).contains { $0.destination == ip("192.0.2.9") })
        #expect(try await connection.addresses().contains { $0.localAddress == ip("192.0.2.1") })
    }

    /// The message each typed change makes: type, flags and payload agree with the connection's
    /// own call for the same change (the bytes a fake kernel received from both).
    @Test func sameBytesAsTheConnectionCalls() async throws {
        let route = Route(destination: ip("10.9.0.0"), prefixLength: 16, outputIndex: 3)
        let requests: [RouteChangeRequest] = [
            .addRoute(route), .replaceRoute(route), .appendRoute(route), .deleteRoute(route),
            .addNexthop(Nexthop(id: 3, gateway: ip("192.0.2.1"), interfaceIndex: 2)), .deleteNexthop(id: 3),
            .addNeighbor(Neighbor(index: 2, destination: ip("192.0.2.7"), linkLayerAddress: [2, 0, 0, 0, 0, 7], state: .permanent)),
            .deleteNeighbor(Neighbor(index: 2, destination: ip("192.0.2.7"))),
        ]
        let batchKernel = FakeNetlinkKernel()
        batchKernel.on({ _ in true }, reply: { _ in [.ack()] })
        let batch = try NetlinkConnection(transport: batchKernel).batch(options: .init(acknowledgements: .every))
        for request in requests { try await batch.append(request) }
        let batchFailures = try await batch.failures()
        #expect(batchFailures.isEmpty, "\(batchFailures)")
        let executeKernel = FakeNetlinkKernel()
        executeKernel.on({ _ in true }, reply: { _ in [.ack()] })
        let connection = try NetlinkConnection(transport: executeKernel)
        try await connection.addRoute(route)
        try await connection.replaceRoute(route)
        try await connection.appendRoute(route)
        try await connection.deleteRoute(route)
        try await connection.addNexthop(Nexthop(id: 3, gateway: ip("192.0.2.1"), interfaceIndex: 2))
        try await connection.deleteNexthop(id: 3)
        try await connection.addNeighbor(ip("192.0.2.7"), index: 2, linkLayerAddress: [2, 0, 0, 0, 0, 7])
        try await connection.deleteNeighbor(ip("192.0.2.7"), index: 2)
        let (viaBatch, viaExecute) = (batchKernel.requests, executeKernel.requests)
        #expect(viaBatch.count == requests.count)
        for (position, (batched, executed)) in zip(viaBatch, viaExecute).enumerated() {
            #expect(batched.type == executed.type, "\(requests[position])")
            #expect(batched.payload == executed.payload, "\(requests[position])")
            #expect(batched.flags.subtracting([.acknowledge]) == executed.flags.subtracting([.acknowledge]), "\(requests[position])")
        }
        #expect(viaExecute.map(\.type) == requests.map(\.type))
    }
}
