import Netlink
import NetlinkCore
import NetlinkRoute
import NetlinkTestSupport
import Testing

/// Errors that say what was asked: the typed operations put their request in words, an extended
/// ack's attribute is named, the library's own errors start with `netlink:`, and what the kernel's
/// answer would hide is checked before sending. `iproute2Description` stays iproute2's text.
@Suite("Errors with context")
struct ErrorContextTests {
    static func ackingKernel() -> FakeNetlinkKernel {
        let kernel = FakeNetlinkKernel()
        kernel.on({ _ in true }, reply: { _ in [.ack()] })
        return kernel
    }

    /// The kernel's extended ack points at RTA_GATEWAY: the error names the request and the attribute.
    @Test func kernelErrorNamesRequestAndAttribute() async throws {
        let kernel = FakeNetlinkKernel()
        kernel.on(type: RouteMessageType.newRoute) { request in
            [.error(.invalidArgument, NetlinkExtendedAck(message: "Invalid gateway", offset: request.offset(ofAttribute: 5, fixedHeaderSize: 12)))]
        }
        let connection = try NetlinkConnection(transport: kernel)
        let route = Route(destination: ip("10.1.0.0"), prefixLength: 16, gateway: ip("192.0.2.1"), outputIndex: 2)
        let error = await #expect(throws: NetlinkError.self) { try await connection.addRoute(route) }
        #expect(error?.description == "add route 10.1.0.0/16 via 192.0.2.1 dev 2: Invalid gateway (RTA_GATEWAY)")
        #expect(error?.iproute2Description == "Error: Invalid gateway.")
        #expect(error?.request == "add route 10.1.0.0/16 via 192.0.2.1 dev 2")
        #expect(error?.attributeName == "RTA_GATEWAY")
    }

    /// Link operations say which link, and name IFLA_* attributes.
    @Test func linkErrorNamesTheLink() async throws {
        let kernel = FakeNetlinkKernel()
        kernel.on(type: RouteMessageType.newLink) { request in
            [.error(.notSupported, NetlinkExtendedAck(message: "Unknown device type", offset: request.offset(ofAttribute: 18, fixedHeaderSize: 16)))]
        }
        let connection = try NetlinkConnection(transport: kernel)
        let error = await #expect(throws: NetlinkError.self) { try await connection.createLink(name: "d0", kind: "dummy") }
        #expect(error?.description == "create link d0 (dummy): Unknown device type (IFLA_LINKINFO)")
        #expect(error?.iproute2Description == "Error: Unknown device type.")
    }

    /// The library's own errors never read like a kernel's answer, and say what was asked.
    @Test func libraryErrorsStartWithNetlink() async throws {
        let silent = FakeNetlinkKernel()
        silent.on({ _ in true }, reply: { _ in [.silence] })
        let connection = try NetlinkConnection(transport: silent, configuration: { var c = NetlinkConnection.Configuration(); c.requestTimeout = .milliseconds(100); return c }())
        let route = Route(destination: ip("10.2.0.0"), prefixLength: 16, outputIndex: 2)
        let timedOut = await #expect(throws: NetlinkError.self) { try await connection.addRoute(route) }
        #expect(timedOut?.code == .timedOut)
        #expect(timedOut?.description.hasPrefix("netlink: no reply before the deadline") == true, "\(String(describing: timedOut))")
        #expect(timedOut?.description.hasSuffix("(add route 10.2.0.0/16 dev 2).") == true, "\(String(describing: timedOut))")
        connection.close()
        let closed = await #expect(throws: NetlinkError.self) { try await connection.addRoute(route) }
        #expect(closed?.description == "netlink: the connection is closed (add route 10.2.0.0/16 dev 2).")
        for error in [timedOut, closed].compactMap({ $0 }) {
            #expect(!error.description.hasPrefix("Error:") && !error.description.hasPrefix("RTNETLINK"))
        }
    }

    /// A link name of 16 bytes, and a route's gateway of the other family, are refused before
    /// anything is sent, saying why.
    @Test func checkedBeforeSending() async throws {
        let kernel = Self.ackingKernel()
        let connection = try NetlinkConnection(transport: kernel)
        let long = await #expect(throws: NetlinkError.self) { try await connection.createLink(name: "sixteen-bytes-xx", kind: "bridge") }
        #expect(long?.code == .encodingFailed)
        #expect(long?.description == "netlink: cannot encode create link sixteen-bytes-xx (bridge): a link name has 1 to 15 bytes: \"sixteen-bytes-xx\" has 16.")
        let peer = await #expect(throws: NetlinkError.self) { try await connection.createVethPair(name: "v0", peerName: String(repeating: "p", count: 20)) }
        #expect(peer?.code == .encodingFailed)
        let mixed = Route(destination: ip("10.3.0.0"), prefixLength: 16, gateway: ip("2001:db8::1"), outputIndex: 2)
        let family = await #expect(throws: NetlinkError.self) { try await connection.addRoute(mixed) }
        #expect(family?.description == "netlink: cannot encode add route 10.3.0.0/16 via 2001:db8::1 dev 2: the gateway 2001:db8::1 is of another family than the route: give it as via (RTA_VIA).")
        let batch = connection.batch()
        let batched = await #expect(throws: NetlinkError.self) { try await batch.add(mixed) }
        #expect(batched?.description == family?.description)
        #expect(try await batch.failures().isEmpty)
        #expect(kernel.requests.isEmpty)
    }
}

/// The same on the kernel: a duplicate route says what was asked, ip's text is unchanged.
@Suite("Errors with context on the kernel", .enabled(if: RouteKernelAccess.available, RouteKernelAccess.reason))
struct KernelErrorContextTests {
    @Test func duplicateRoute() async throws {
        let (_, connection) = try routeTestConnection()
        try await connection.setLink(index: 1, up: true)
        let route = Route(destination: ip("10.1.0.0"), prefixLength: 16, outputIndex: 1)
        try await connection.addRoute(route)
        let error = await #expect(throws: NetlinkError.self) { try await connection.addRoute(route) }
        #expect(error?.description == "add route 10.1.0.0/16 dev 1: File exists")
        #expect(error?.iproute2Description == "RTNETLINK answers: File exists")
        let missing = await #expect(throws: NetlinkError.self) { try await connection.setLink(index: 999, up: true) }
        #expect(missing?.description == "set link 999 up: No such device")
    }
}
