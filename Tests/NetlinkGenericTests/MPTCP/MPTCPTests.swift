import Glibc
import Netlink
import NetlinkCore
import NetlinkGeneric
import SystemPackage
import Testing

/// The MPTCP path manager against the kernel, in a private namespace: endpoints added, listed,
/// asked for, changed, deleted and flushed; limits set and read back.
@Suite("MPTCP path manager", .enabled(if: GenericKernelAccess.available, GenericKernelAccess.reason))
struct MPTCPTests {
    @Test func endpointsAndLimits() async throws {
        let (_, connection) = try await genericTestConnection()
        let id = try await connection.mptcpFamilyID()
        #expect(try await connection.mptcpEndpoints(familyID: id).isEmpty)

        try await connection.addMPTCPEndpoint(MPTCPEndpoint(address: IPAddress("10.0.0.1"), flags: .signal), familyID: id)
        // (A port makes the kernel listen on the address: one this namespace lacks is EADDRNOTAVAIL.)
        let listening = await #expect(throws: NetlinkError.self) {
            try await connection.addMPTCPEndpoint(MPTCPEndpoint(address: IPAddress("fd00::2"), id: 9, port: 8080, flags: [.signal, .backup]))
        }
        #expect(listening?.errno == Errno(rawValue: EADDRNOTAVAIL), "\(String(describing: listening))")
        try await connection.addMPTCPEndpoint(MPTCPEndpoint(address: IPAddress("fd00::2"), id: 9, flags: [.signal, .backup]))
        let endpoints = try await connection.mptcpEndpoints()
        #expect(endpoints.count == 2)
        let first = try #require(endpoints.first { $0.address == IPAddress("10.0.0.1") })
        #expect(first.flags == .signal && first.id != nil)
        let second = try await connection.mptcpEndpoint(id: 9)
        #expect(second.address == IPAddress("fd00::2") && (second.port ?? 0) == 0 && second.flags == [.signal, .backup])

        // A duplicate address: the kernel's error, with its message.
        let duplicate = await #expect(throws: NetlinkError.self) {
            try await connection.addMPTCPEndpoint(MPTCPEndpoint(address: IPAddress("10.0.0.1"), flags: .signal))
        }
        #expect(duplicate?.errno != nil)

        try await connection.changeMPTCPEndpoint(MPTCPEndpoint(id: 9, flags: []))
        #expect(try await connection.mptcpEndpoint(id: 9).flags == .signal)
        try await connection.deleteMPTCPEndpoint(id: 9)
        let gone = await #expect(throws: NetlinkError.self) { try await connection.mptcpEndpoint(id: 9) }
        #expect(gone?.errno == Errno(rawValue: EINVAL))
        try await connection.flushMPTCPEndpoints()
        #expect(try await connection.mptcpEndpoints().isEmpty)

        try await connection.setMPTCPLimits(MPTCPLimits(addAddressAccepted: 3, subflows: 4))
        #expect(try await connection.mptcpLimits() == MPTCPLimits(addAddressAccepted: 3, subflows: 4))
        let tooMany = await #expect(throws: NetlinkError.self) { try await connection.setMPTCPLimits(MPTCPLimits(subflows: 99)) }
        #expect(tooMany?.errno == Errno(rawValue: EINVAL))
    }

    /// Connection events: MPTCP connections over loopback give CREATED, ESTABLISHED and CLOSED on
    /// the `mptcp_pm_events` group, joined by its name.
    @Test func connectionEvents() async throws {
        let (namespace, connection) = try await genericTestConnection()
        let route = try await NetlinkConnection(family: .route, namespace: namespace)
        try await route.execute(type: NetlinkMessageType(16), fixedHeaderSize: 16) { b in  // RTM_NEWLINK: lo up
            b.append(UInt8(0)); b.append(UInt8(0)); b.append(UInt16(0)); b.append(Int32(1)); b.append(UInt32(1)); b.append(UInt32(1))
        }
        let events = try await connection.subscribe(genericFamily: MPTCPPathManager.familyName, group: MPTCPPathManager.eventGroupName)
        try await makeTCPMetrics(in: namespace, protocol: 262)
        var kinds: [UInt8] = []
        var iterator = events.events.makeAsyncIterator()
        let deadline = ContinuousClock.now + .seconds(5)
        while kinds.filter({ $0 == 3 }).count < 6, ContinuousClock.now < deadline {
            guard let event = try await iterator.next() else { break }
            guard case .notification(let datagram) = event else { continue }
            try datagram.forEachMessage { message in
                let decoded = try MPTCPEvent(decoding: message)
                kinds.append(decoded.kind)
                if decoded.kind == 1 { #expect(decoded.token != nil && decoded.sourcePort != nil && decoded.destinationPort != nil) }
            }
        }
        // Three connections, each two ends: six of each.
        #expect(kinds.filter { $0 == 1 }.count == 6, "\(kinds)")
        #expect(kinds.filter { $0 == 2 }.count == 6, "\(kinds)")
        #expect(kinds.filter { $0 == 3 }.count == 6, "\(kinds)")
        events.close()
    }

    /// encode → decode gives an endpoint back (the nest as the kernel writes it).
    @Test func roundTrip() throws {
        for endpoint in [
            MPTCPEndpoint(address: IPAddress("192.0.2.1"), id: 3, port: 443, flags: [.subflow, .fullmesh], interfaceIndex: 2),
            MPTCPEndpoint(address: IPAddress("2001:db8::1"), id: 0, flags: .implicit),
        ] {
            var builder = NetlinkMessageBuilder()
            try builder.message(type: NetlinkMessageType(0x1c), flags: [], sequence: 1) { b in
                GenericNetlinkHeader(command: MPTCPPathManager.getAddress).encode(into: &b)
                try b.appendNested(MPTCPAttribute.address) { b in try endpoint.encodeAttributes(into: &b) }
            }
            var cursor = NetlinkMessages(builder.bytes.span.bytes)
            guard let message = try cursor.next() else {
                Issue.record("no message")
                continue
            }
            #expect(try MPTCPEndpoint(decodingMessage: message) == endpoint)
        }
    }
}
