import Netlink
import NetlinkCore
import NetlinkRoute
import NetlinkTestSupport
import Testing

private func decode(_ bytes: [UInt8]) throws -> AddressLabel {
    try AddressLabel(decoding: try NetlinkMessage(bytes.span.bytes))
}

@Suite("Address labels: ifaddrlblmsg, IFAL_*")
struct AddressLabelTests {
    /// An entry as the kernel dumps it: the 12-byte header (sequence in ifal_seq), IFAL_ADDRESS, IFAL_LABEL.
    @Test func decodesKernelMessage() throws {
        let entry = try decode(message(type: 72, payload: [
            0x0A, 0x00, 0x30, 0x00,     // AF_INET6, reserved, prefix length 48, flags
            0x02, 0x00, 0x00, 0x00,     // ifal_index 2
            0x07, 0x00, 0x00, 0x00,     // ifal_seq 7
            0x14, 0x00, 0x01, 0x00,     // IFAL_ADDRESS
            0x20, 0x01, 0x0D, 0xB8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0x08, 0x00, 0x02, 0x00,     // IFAL_LABEL
            0xC8, 0x00, 0x00, 0x00,     //   200
        ]))
        #expect(entry.family == .inet6)
        #expect(entry.prefixLength == 48)
        #expect(entry.index == 2)
        #expect(entry.sequence == 7)
        #expect(entry.address == IPAddress("2001:db8:1::"))
        #expect(entry.label == 200)
    }

    /// A label of another size is left out (as iproute2 does); a short header or an address of a
    /// wrong size is an error, not a silent default.
    @Test func malformedMessages() throws {
        let oddLabel = try decode(message(type: 72, payload: [10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 6, 0, 2, 0, 1, 0, 0, 0]))
        #expect(oddLabel.label == nil)
        #expect(oddLabel.address == nil)
        let short = #expect(throws: NetlinkDecodingError.self) { try decode(message(type: 72, payload: [10, 0, 0, 0, 0, 0, 0, 0])) }
        #expect(short?.code == .truncatedStructure)
        #expect(throws: NetlinkDecodingError.self) {
            try decode(message(type: 72, payload: [10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 0, 1, 0, 1, 2, 3, 0]))
        }
        #expect(AddressLabelAttributeNames().attributeName(2, parents: []) == "IFAL_LABEL")
    }

    /// The requests: a dump of the bare header; an add with NLM_F_CREATE|NLM_F_EXCL and iproute2's
    /// attribute order (IFAL_LABEL, then IFAL_ADDRESS).
    @Test func encodesRequests() async throws {
        let kernel = FakeNetlinkKernel()
        kernel.on(type: RouteMessageType.getAddressLabel) { _ in
            [.dump(type: RouteMessageType.newAddressLabel, payloads: [[
                10, 0, 128, 0, 0, 0, 0, 0, 1, 0, 0, 0,
                20, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
                8, 0, 2, 0, 0, 0, 0, 0,
            ]])]
        }
        kernel.on(type: RouteMessageType.newAddressLabel) { _ in [.ack()] }
        let connection = try NetlinkConnection(transport: kernel)
        let table = try await connection.addressLabels()
        #expect(table.count == 1)
        #expect(table.first?.address == IPAddress("::1"))
        #expect(table.first?.label == 0)
        try await connection.addAddressLabel(AddressLabel(address: IPv6Address("2001:db8::")!, prefixLength: 32, label: 100, index: 3))
        let requests = kernel.requests
        try #require(requests.count == 2)
        #expect(requests[0].payload == [10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(requests[0].flags.contains(.dump))
        #expect(requests[1].flags == [.request, .acknowledge, .create, .exclusive])
        #expect(requests[1].payload == [
            0x0A, 0x00, 0x20, 0x00,     // AF_INET6, reserved, /32, flags
            0x03, 0x00, 0x00, 0x00,     // ifal_index 3
            0x00, 0x00, 0x00, 0x00,     // ifal_seq
            0x08, 0x00, 0x02, 0x00,     // IFAL_LABEL
            0x64, 0x00, 0x00, 0x00,     //   100
            0x14, 0x00, 0x01, 0x00,     // IFAL_ADDRESS
            0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ])
    }

    /// Against the kernel, each test in a private namespace of its own.
    @Suite("Address labels against the kernel", .enabled(if: RouteKernelAccess.available, RouteKernelAccess.reason))
    struct Kernel {
        /// RFC 6724's default policy table: a fresh namespace has it, every entry for every interface.
        @Test func defaultTable() async throws {
            let (_, connection) = try routeTestConnection()
            let table = try await connection.addressLabels()
            let expected: [(String, UInt8, UInt32)] = [
                ("::1", 128, 0), ("::", 96, 3), ("::ffff:0.0.0.0", 96, 4), ("2001::", 32, 6), ("2001:10::", 28, 7),
                ("3ffe::", 16, 12), ("2002::", 16, 2), ("fec0::", 10, 11), ("fc00::", 7, 5), ("::", 0, 1),
            ]
            #expect(table.map { "\($0.address.map { "\($0)" } ?? "-")/\($0.prefixLength) \($0.label ?? 99)" }
                == expected.map { "\($0.0)/\($0.1) \($0.2)" })
            #expect(table.allSatisfy { $0.index == 0 && $0.family == .inet6 })
        }

        /// Add (twice: EEXIST), per interface, delete (again: ESRCH); the table's sequence moves with
        /// each change; IPv4 has no table (EOPNOTSUPP).
        @Test func changes() async throws {
            let (_, connection) = try routeTestConnection()
            let before = try await connection.addressLabels()
            let entry = AddressLabel(address: IPv6Address("2001:db8::")!, prefixLength: 32, label: 100)
            try await connection.addAddressLabel(entry)
            let again = await #expect(throws: NetlinkError.self) { try await connection.addAddressLabel(entry) }
            #expect(again?.errno == .fileExists)
            let onLoopback = AddressLabel(address: IPv6Address("2001:db8::")!, prefixLength: 32, label: 101, index: 1)
            try await connection.addAddressLabel(onLoopback)
            let after = try await connection.addressLabels()
            #expect(after.count == before.count + 2)
            #expect(after.contains { $0.address == IPAddress("2001:db8::") && $0.index == 0 && $0.label == 100 })
            #expect(after.contains { $0.address == IPAddress("2001:db8::") && $0.index == 1 && $0.label == 101 })
            #expect(after.first?.sequence != before.first?.sequence)
            let reserved = await #expect(throws: NetlinkError.self) {
                try await connection.addAddressLabel(AddressLabel(address: IPv6Address("2001:db8:1::")!, prefixLength: 48, label: .max))
            }
            #expect(reserved?.errno == .invalidArgument)
            try await connection.deleteAddressLabel(entry)
            let gone = await #expect(throws: NetlinkError.self) { try await connection.deleteAddressLabel(entry) }
            #expect(gone?.errno == .noSuchProcess)
            try await connection.deleteAddressLabel(onLoopback)
            #expect(try await connection.addressLabels().map(\.address) == before.map(\.address))
            let v4 = await #expect(throws: NetlinkError.self) { try await connection.addressLabels(family: .inet) }
            #expect(v4?.errno == .notSupported)
        }
    }
}
