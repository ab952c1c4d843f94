import Glibc
import Netlink
import NetlinkCore
import NetlinkGeneric
import SystemPackage
import Testing

/// Makes TCP connections over loopback inside `namespace` (to 127.0.0.1, 127.0.0.2 and ::1), each
/// closed at once, so that the kernel keeps TCP metrics for them; with `protocol` 262
/// (`IPPROTO_MPTCP`), MPTCP connections.
func makeTCPMetrics(in namespace: NetworkNamespace, protocol ipProtocol: Int32 = 0) async throws {
    try await namespace.perform { () throws(NetlinkError) in
        for (family, text) in [(AF_INET, "127.0.0.1"), (AF_INET, "127.0.0.2"), (AF_INET6, "::1")] {
            let listener = socket(family, Int32(SOCK_STREAM.rawValue), ipProtocol)
            let client = socket(family, Int32(SOCK_STREAM.rawValue), ipProtocol)
            defer {
                close(listener)
                close(client)
            }
            var storage = sockaddr_storage()
            var length: socklen_t
            if family == AF_INET {
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_port = UInt16(5555).bigEndian
                inet_pton(AF_INET, text, &address.sin_addr)
                length = socklen_t(MemoryLayout<sockaddr_in>.size)
                withUnsafeBytes(of: address) { raw in withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: raw) } }
            } else {
                var address = sockaddr_in6()
                address.sin6_family = sa_family_t(AF_INET6)
                address.sin6_port = UInt16(5555).bigEndian
                inet_pton(AF_INET6, text, &address.sin6_addr)
                length = socklen_t(MemoryLayout<sockaddr_in6>.size)
                withUnsafeBytes(of: address) { raw in withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: raw) } }
            }
            var one: Int32 = 1
            setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            let bound = withUnsafePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
            guard bound == 0, listen(listener, 1) == 0 else { throw NetlinkError.systemCall("bind/listen", .init(rawValue: errno)) }
            let connected = withUnsafePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, length) } }
            guard connected == 0 else { throw NetlinkError.systemCall("connect", .init(rawValue: errno)) }
            let accepted = accept(listener, nil, nil)
            var payload = [UInt8](repeating: 0x78, count: 64)
            _ = send(client, &payload, payload.count, 0)
            _ = recv(accepted, &payload, payload.count, 0)
            close(accepted)
        }
    }
}

/// The `tcp_metrics` family against the kernel, in a private namespace.
@Suite("TCP metrics", .enabled(if: GenericKernelAccess.available, GenericKernelAccess.reason))
struct TCPMetricsTests {
    @Test func listGetDeleteFlush() async throws {
        let (namespace, connection) = try await genericTestConnection()
        let route = try await NetlinkConnection(family: .route, namespace: namespace)
        try await route.execute(type: NetlinkMessageType(16), fixedHeaderSize: 16) { b in  // RTM_NEWLINK: lo up
            b.append(UInt8(0)); b.append(UInt8(0)); b.append(UInt16(0)); b.append(Int32(1)); b.append(UInt32(1)); b.append(UInt32(1))
        }
        #expect(try await connection.tcpMetrics().isEmpty)
        try await makeTCPMetrics(in: namespace)
        let entries = try await connection.tcpMetrics()
        let destinations = Set(entries.map(\.destination))
        #expect(destinations.isSuperset(of: [IPAddress("127.0.0.1")!, IPAddress("127.0.0.2")!, IPAddress("::1")!]), "\(entries)")
        for entry in entries {
            #expect(entry.source != nil)
            #expect(entry.age != nil)
            #expect(entry.metric(TCPMetricsAttribute.Metric.cwnd) != nil)
            #expect((entry.rtt ?? 0) > 0)
            // The same entry asked for by its key; its age has moved on.
            var one = try await connection.tcpMetrics(destination: entry.destination, source: entry.source)
            one.age = entry.age
            #expect(one == entry)
            // encode → decode gives it back.
            var builder = NetlinkMessageBuilder()
            try builder.message(type: NetlinkMessageType(0x1b), flags: [], sequence: 1) { b in try entry.encode(into: &b) }
            var cursor = NetlinkMessages(builder.bytes.span.bytes)
            guard let message = try cursor.next() else {
                Issue.record("no message")
                continue
            }
            #expect(try TCPMetricsEntry(decoding: message) == entry)
        }

        // Delete one: the kernel no longer has it (ESRCH); deleting it again: ESRCH.
        let victim = try #require(entries.first { $0.destination == IPAddress("127.0.0.2") })
        try await connection.deleteTCPMetrics(destination: victim.destination, source: victim.source)
        let gone = await #expect(throws: NetlinkError.self) {
            try await connection.tcpMetrics(destination: victim.destination, source: victim.source)
        }
        #expect(gone?.errno == Errno(rawValue: ESRCH))
        let again = await #expect(throws: NetlinkError.self) {
            try await connection.deleteTCPMetrics(destination: victim.destination, source: victim.source)
        }
        #expect(again?.errno == Errno(rawValue: ESRCH))

        try await connection.flushTCPMetrics()
        #expect(try await connection.tcpMetrics().isEmpty)
    }
}
