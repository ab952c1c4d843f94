import Glibc
import Netlink
import NetlinkCore
import NetlinkRoute
import NetlinkTestSupport
import Testing

/// `NETLINK_FIB_LOOKUP` against the kernel, in a private namespace with routes of several types in
/// two tables; each answer checked against the table's own dump (`RTM_GETROUTE`), and the
/// request's bytes and a short answer against golden bytes.
@Suite("FIB lookup", .enabled(if: RouteKernelAccess.available, RouteKernelAccess.reason))
struct FIBLookupTests {
    @Test func answersMatchTheTables() async throws {
        let (namespace, route) = try routeTestConnection()
        try await route.setLink(index: 1, up: true)
        let lo: Int32 = 1
        try await route.addRoute(Route(destination: ip("10.1.0.0"), prefixLength: 16, scope: .link, outputIndex: lo))
        try await route.addRoute(Route(destination: ip("10.2.0.0"), prefixLength: 16, table: 100, scope: .link, outputIndex: lo))
        try await route.addRoute(Route(destination: ip("10.2.3.0"), prefixLength: 24, table: 100, scope: .universe, gateway: ip("10.1.0.2"), outputIndex: lo))
        for (prefix, type) in [("10.3.0.0", RouteType.unreachable), ("10.4.0.0", .blackhole), ("10.5.0.0", .prohibit), ("10.6.0.0", .throw)] {
            try await route.addRoute(Route(destination: ip(prefix), prefixLength: 16, type: type, table: 100))
        }
        let fib = try await NetlinkConnection(family: .fibLookup, namespace: namespace)

        // Found: the table's longest match, its type and scope as the table dump has them.
        for (address, table, expected) in [("10.1.9.9", UInt8(0), "10.1.0.0/16"), ("10.2.9.9", 100, "10.2.0.0/16"), ("10.2.3.4", 100, "10.2.3.0/24"),
                                           ("127.0.0.1", 255, "127.0.0.1/32"), ("127.1.2.3", 255, "127.0.0.0/8")] {
            let result = try await fib.fibLookup(FIBLookupRequest(address: IPv4Address(address)!, table: table))
            #expect(result.found && result.prefix?.description == expected, "\(address) in \(table): \(result)")
            #expect(result.request.address == IPv4Address(address)! && result.table == (table == 0 ? 254 : table))
            let dumped = try await route.routes(filter: RouteFilter(family: .inet, table: RouteTable(rawValue: UInt32(result.table))))
            let match = dumped.first { $0.destinationPrefix?.description == expected }
            #expect(match?.type == result.type && match?.scope == result.scope, "\(String(describing: match)) against \(result)")
        }
        // Refused by a route's type, or nothing: the kernel's error, with nothing filled in.
        for (address, table, error) in [("10.3.0.1", UInt8(100), EHOSTUNREACH), ("10.4.0.1", 100, EINVAL), ("10.5.0.1", 100, EACCES),
                                        ("10.6.0.1", 100, EAGAIN), ("10.9.0.1", 100, EAGAIN), ("10.1.0.1", 7, ENOENT)] {
            let result = try await fib.fibLookup(FIBLookupRequest(address: IPv4Address(address)!, table: table))
            #expect(!result.found && result.error == -error && result.prefix == nil && result.prefixLength == 0, "\(address) in \(table): \(result)")
        }
        // The scope asked for: a route of scope link is no answer when host scope is the least.
        let narrow = try await fib.fibLookup(FIBLookupRequest(address: IPv4Address("10.2.9.9")!, table: 100, scope: .host))
        #expect(narrow.error == -EAGAIN, "\(narrow)")
        let link = try await fib.fibLookup(FIBLookupRequest(address: IPv4Address("10.2.9.9")!, table: 100, scope: .link))
        #expect(link.found && link.scope == .link, "\(link)")
    }

    /// The request's bytes (golden), and an answer shorter than the structure refused as such.
    @Test func codec() throws {
        var builder = NetlinkMessageBuilder()
        try builder.message(type: FIBLookupMessage.type, flags: [.request], sequence: 9, portID: 0) { b in
            FIBLookupMessage.encode(FIBLookupRequest(address: IPv4Address("192.0.2.1")!, table: 100, mark: 0x0102_0304, tos: 0x10, scope: .link), into: &b)
        }
        #expect(builder.bytes == [36, 0, 0, 0, 16, 0, 1, 0, 9, 0, 0, 0, 0, 0, 0, 0]
                + [192, 0, 2, 1, 4, 3, 2, 1, 0x10, 253, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        let short: [UInt8] = [35, 0, 0, 0, 16, 0, 1, 0, 9, 0, 0, 0, 0, 0, 0, 0] + [UInt8](repeating: 0, count: 19)
        var iterator = NetlinkMessages(short.span.bytes)
        guard let message = try iterator.next() else {
            Issue.record("no message in the short datagram")
            return
        }
        do throws(NetlinkDecodingError) {
            let result = try FIBLookupMessage.decode(message)
            Issue.record("a 19-byte struct fib_result_nl decoded: \(result)")
        } catch {
            #expect(error.code == .truncatedStructure, "\(error)")
        }
    }
}
