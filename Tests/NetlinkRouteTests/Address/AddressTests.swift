import Netlink
import NetlinkCore
import NetlinkRoute
import NetlinkTestSupport
import Synchronization
import Testing

private func decode(_ bytes: [UInt8]) throws -> InterfaceAddress {
    let view = try NetlinkMessage(bytes.span.bytes)
    return try InterfaceAddress(decoding: view)
}

private func encode(_ request: InterfaceAddressRequest) throws -> [UInt8] {
    var builder = NetlinkMessageBuilder()
    try request.encode(into: &builder)
    return builder.bytes
}

private let v4 = AddressFamily.inet.rawValue
private let v6 = AddressFamily.inet6.rawValue


/// The payload of an IPv4 RTM_NEWADDR as a fake kernel sends it: header and IFA_LOCAL, IFA_ADDRESS.
private func ipv4Payload(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, prefix: UInt8, index: UInt8, flags: UInt8 = 0x80) -> [UInt8] {
    [v4, prefix, flags, 0, index, 0, 0, 0,
     8, 0, 2, 0, a, b, c, d,
     8, 0, 1, 0, a, b, c, d]
}

@Suite("Addresses: ifaddrmsg, IFA_*, requests")
struct AddressTests {
    // MARK: Decoding

    /// Every attribute of an IPv4 address, laid out field by field; IFA_FLAGS wins over the u8,
    /// an unknown attribute is skipped.
    @Test func decodesIPv4AddressMessage() throws {
        let payload: [UInt8] = [
            0x02,                                   // ifa_family AF_INET
            24,                                     // ifa_prefixlen
            0x80,                                   // ifa_flags (u8): IFA_F_PERMANENT
            0x00,                                   // ifa_scope RT_SCOPE_UNIVERSE
            0x03, 0x00, 0x00, 0x00,                 // ifa_index 3
            0x08, 0x00, 0x01, 0x00,                 // IFA_ADDRESS, 8 bytes
            192, 0, 2, 1,                           //   192.0.2.1
            0x08, 0x00, 0x02, 0x00,                 // IFA_LOCAL, 8 bytes
            192, 0, 2, 1,                           //   192.0.2.1
            0x08, 0x00, 0x04, 0x00,                 // IFA_BROADCAST, 8 bytes
            192, 0, 2, 255,                         //   192.0.2.255
            0x0B, 0x00, 0x03, 0x00,                 // IFA_LABEL, 11 bytes
            0x74, 0x30, 0x3A, 0x77, 0x65, 0x62, 0,  //   "t0:web\0"
            0x00,                                   //   padding
            0x08, 0x00, 0x08, 0x00,                 // IFA_FLAGS, 8 bytes
            0x80, 0x02, 0x00, 0x00,                 //   0x280: PERMANENT | NOPREFIXROUTE
            0x14, 0x00, 0x06, 0x00,                 // IFA_CACHEINFO, 20 bytes
            0xF4, 0x01, 0x00, 0x00,                 //   ifa_prefered 500
            0xE8, 0x03, 0x00, 0x00,                 //   ifa_valid 1000
            0x64, 0x00, 0x00, 0x00,                 //   cstamp 100
            0xC8, 0x00, 0x00, 0x00,                 //   tstamp 200
            0x08, 0x00, 0x09, 0x00,                 // IFA_RT_PRIORITY, 8 bytes
            0x64, 0x00, 0x00, 0x00,                 //   100
            0x05, 0x00, 0x0B, 0x00,                 // IFA_PROTO, 5 bytes
            0x04, 0x00, 0x00, 0x00,                 //   4, padding
            0x08, 0x00, 0x63, 0x00,                 // attribute 99 (unknown), 8 bytes
            0xDE, 0xAD, 0xBE, 0xEF,                 //   skipped
        ]
        let address = try decode(message(type: 20, payload: payload))
        #expect(address.family == .inet)
        #expect(address.prefixLength == 24)
        #expect(address.scope == .universe)
        #expect(address.index == 3)
        #expect(address.flags == [.permanent, .noPrefixRoute])
        #expect(address.flags.rawValue == 0x280)
        #expect(address.address == ip("192.0.2.1"))
        #expect(address.local == ip("192.0.2.1"))
        #expect(address.localAddress == ip("192.0.2.1"))
        #expect(address.peer == nil)
        #expect(address.broadcast == ip("192.0.2.255"))
        #expect(address.label == "t0:web")
        #expect(address.cacheInfo == AddressCacheInfo(preferredLifetime: 500, validLifetime: 1000, created: 100, updated: 200))
        #expect(address.priority == 100)
        #expect(address.protocol == AddressProtocol(rawValue: 4))
    }

    /// An IPv6 address without IFA_FLAGS: the u8 of the header is all there is. Forever lifetimes.
    @Test func decodesIPv6AddressMessageWithoutIFAFlags() throws {
        let payload: [UInt8] = [
            0x0A,                                   // ifa_family AF_INET6
            64,                                     // ifa_prefixlen
            0xC2,                                   // ifa_flags: PERMANENT | TENTATIVE | NODAD
            253,                                    // ifa_scope RT_SCOPE_LINK
            0x05, 0x00, 0x00, 0x00,                 // ifa_index 5
            0x14, 0x00, 0x01, 0x00,                 // IFA_ADDRESS, 20 bytes
            0xFE, 0x80, 0, 0, 0, 0, 0, 0,           //   fe80::
            0, 0, 0, 0, 0, 0, 0, 0x01,              //   ::1
            0x14, 0x00, 0x06, 0x00,                 // IFA_CACHEINFO, 20 bytes
            0xFF, 0xFF, 0xFF, 0xFF,                 //   ifa_prefered: forever
            0xFF, 0xFF, 0xFF, 0xFF,                 //   ifa_valid: forever
            0x01, 0x00, 0x00, 0x00,                 //   cstamp 1
            0x02, 0x00, 0x00, 0x00,                 //   tstamp 2
        ]
        let address = try decode(message(type: 20, payload: payload))
        #expect(address.family == .inet6)
        #expect(address.scope == .link)
        #expect(address.scope.description == "link")
        #expect(address.index == 5)
        #expect(address.flags == [.permanent, .tentative, .noDAD])
        #expect(address.address == ip("fe80::1"))
        #expect(address.local == nil)
        #expect(address.localAddress == ip("fe80::1"))
        #expect(address.cacheInfo?.isValidForever == true)
        #expect(address.cacheInfo?.isPreferredForever == true)
        #expect(address.label == nil)
    }

    /// A point-to-point address: IFA_LOCAL is ours, IFA_ADDRESS the peer's.
    @Test func decodesPeer() throws {
        let payload: [UInt8] = [
            0x02, 32, 0x80, 0x00, 0x02, 0x00, 0x00, 0x00,  // AF_INET /32, PERMANENT, index 2
            0x08, 0x00, 0x02, 0x00, 10, 0, 0, 1,           // IFA_LOCAL 10.0.0.1
            0x08, 0x00, 0x01, 0x00, 10, 0, 0, 2,           // IFA_ADDRESS 10.0.0.2
        ]
        let address = try decode(message(type: 20, payload: payload))
        #expect(address.localAddress == ip("10.0.0.1"))
        #expect(address.peer == ip("10.0.0.2"))
    }

    /// Addresses of families that are not IP (MCTP: 1 byte) are skipped, not refused.
    @Test func otherFamilyAddressesAreSkipped() throws {
        let payload: [UInt8] = [
            45, 0, 0, 0, 0x02, 0x00, 0x00, 0x00,        // AF_MCTP, index 2
            0x05, 0x00, 0x02, 0x00, 0x08, 0, 0, 0,      // IFA_LOCAL, one byte (EID 8)
        ]
        let address = try decode(message(type: 20, payload: payload))
        #expect(address.family == 45)
        #expect(address.local == nil)
        #expect(address.index == 2)
    }

    struct MalformedCase: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var payload: [UInt8]
        var code: NetlinkDecodingError.Code
        var attributeType: UInt16?
    }

    static let malformed: [MalformedCase] = [
        MalformedCase(testDescription: "ifaddrmsg cut to 7 bytes", payload: [2, 24, 0, 0, 1, 0, 0], code: .truncatedStructure),
        MalformedCase(
            testDescription: "IPv4 IFA_LOCAL of 3 bytes",
            payload: [2, 24, 0, 0, 1, 0, 0, 0, 7, 0, 2, 0, 10, 0, 0, 0], code: .attributeSizeMismatch, attributeType: 2),
        MalformedCase(
            testDescription: "IPv6 IFA_ADDRESS of 4 bytes",
            payload: [10, 64, 0, 0, 1, 0, 0, 0, 8, 0, 1, 0, 10, 0, 0, 1], code: .attributeSizeMismatch, attributeType: 1),
        MalformedCase(
            testDescription: "IFA_CACHEINFO of 12 bytes",
            payload: [2, 24, 0, 0, 1, 0, 0, 0, 16, 0, 6, 0] + [UInt8](repeating: 0, count: 12), code: .attributeSizeMismatch, attributeType: 6),
        MalformedCase(
            testDescription: "IFA_FLAGS of 2 bytes",
            payload: [2, 24, 0, 0, 1, 0, 0, 0, 6, 0, 8, 0, 0, 2, 0, 0], code: .attributeSizeMismatch, attributeType: 8),
        MalformedCase(
            testDescription: "nla_len past the end",
            payload: [2, 24, 0, 0, 1, 0, 0, 0, 200, 0, 3, 0, 0x61, 0], code: .attributeLengthExceedsData),
        MalformedCase(
            testDescription: "nla_len below the header",
            payload: [2, 24, 0, 0, 1, 0, 0, 0, 2, 0, 3, 0], code: .attributeLengthTooSmall),
    ]

    /// Malformed messages are typed errors naming the attribute, never traps.
    @Test(arguments: malformed) func malformedMessages(_ item: MalformedCase) throws {
        let error = #expect(throws: NetlinkDecodingError.self) { try decode(message(type: 20, payload: item.payload)) }
        #expect(error?.code == item.code)
        if let type = item.attributeType { #expect(error?.attributeType == type) }
    }

    /// Every prefix of a valid message decodes or throws (total decoder).
    @Test func everyTruncationIsTotal() throws {
        let full = message(type: 20, payload: ipv4Payload(192, 0, 2, 1, prefix: 24, index: 3) + [0x14, 0, 6, 0] + [UInt8](repeating: 1, count: 16))
        for length in 16...full.count {
            var cut = Array(full[0..<length])
            cut.replaceSubrange(0..<4, with: withUnsafeBytes(of: UInt32(length)) { Array($0) })
            _ = try? decode(cut)
        }
    }

    @Test func attributeNames() {
        let names = AddressAttributeNames()
        #expect(names.attributeName(8, parents: []) == "IFA_FLAGS")
        #expect(names.attributeName(11, parents: []) == "IFA_PROTO")
        #expect(names.attributeName(12, parents: []) == nil)
        #expect(names.attributeName(1, parents: [6]) == nil)
    }

    // MARK: Encoding

    /// `ip address add 192.0.2.1/24 brd + label t0:web dev IDX`, byte by byte.
    @Test func encodesIPv4WithBroadcastAndLabel() throws {
        let request = InterfaceAddressRequest(ip("192.0.2.1"), prefixLength: 24, index: 3, broadcast: .hostBitsSet, label: "t0:web")
        #expect(try encode(request) == [
            0x02, 24, 0x00, 0x00,                   // AF_INET, /24, no flags, RT_SCOPE_UNIVERSE
            0x03, 0x00, 0x00, 0x00,                 // ifa_index 3
            0x08, 0x00, 0x02, 0x00, 192, 0, 2, 1,   // IFA_LOCAL 192.0.2.1
            0x08, 0x00, 0x01, 0x00, 192, 0, 2, 1,   // IFA_ADDRESS 192.0.2.1
            0x08, 0x00, 0x04, 0x00, 192, 0, 2, 255, // IFA_BROADCAST 192.0.2.255 (host bits set)
            0x0B, 0x00, 0x03, 0x00,                 // IFA_LABEL, 11 bytes
            0x74, 0x30, 0x3A, 0x77, 0x65, 0x62, 0,  //   "t0:web\0"
            0x00,                                   //   padding
        ])
    }

    /// `ip address add 10.0.0.1 peer 10.0.0.2/32 brd +`: IFA_LOCAL ours, IFA_ADDRESS the peer, no
    /// broadcast for /32.
    @Test func encodesIPv4Peer() throws {
        let request = InterfaceAddressRequest(ip("10.0.0.1"), prefixLength: 32, index: 2, peer: ip("10.0.0.2"), broadcast: .hostBitsSet)
        #expect(try encode(request) == [
            0x02, 32, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,  // AF_INET, /32, index 2
            0x08, 0x00, 0x02, 0x00, 10, 0, 0, 1,           // IFA_LOCAL 10.0.0.1
            0x08, 0x00, 0x01, 0x00, 10, 0, 0, 2,           // IFA_ADDRESS 10.0.0.2 (the peer)
        ])
    }

    /// IPv6 with nodad and noprefixroute (0x202: the u8 keeps 0x02, IFA_FLAGS all), lifetimes and a metric.
    @Test func encodesIPv6WithFlagsLifetimesMetric() throws {
        let request = InterfaceAddressRequest(
            ip("2001:db8::1"), prefixLength: 64, index: 4, flags: [.noDAD, .noPrefixRoute],
            validLifetime: 600, preferredLifetime: 300, metric: 50, protocol: AddressProtocol(rawValue: 99))
        let address: [UInt8] = [0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01]
        #expect(try encode(request) == [
            0x0A, 64, 0x02, 0x00,                   // AF_INET6, /64, ifa_flags 0x02 (low 8 bits), scope 0
            0x04, 0x00, 0x00, 0x00,                 // ifa_index 4
            0x14, 0x00, 0x02, 0x00,                 // IFA_LOCAL, 20 bytes
        ] + address + [
            0x14, 0x00, 0x01, 0x00,                 // IFA_ADDRESS, 20 bytes
        ] + address + [
            0x08, 0x00, 0x08, 0x00,                 // IFA_FLAGS
            0x02, 0x02, 0x00, 0x00,                 //   0x202
            0x14, 0x00, 0x06, 0x00,                 // IFA_CACHEINFO
            0x2C, 0x01, 0x00, 0x00,                 //   ifa_prefered 300
            0x58, 0x02, 0x00, 0x00,                 //   ifa_valid 600
            0x00, 0x00, 0x00, 0x00,                 //   cstamp 0
            0x00, 0x00, 0x00, 0x00,                 //   tstamp 0
            0x08, 0x00, 0x09, 0x00,                 // IFA_RT_PRIORITY
            0x32, 0x00, 0x00, 0x00,                 //   50
            0x05, 0x00, 0x0B, 0x00,                 // IFA_PROTO
            0x63, 0x00, 0x00, 0x00,                 //   99, padding
        ])
    }

    /// What a request sends for lifetimes: nothing, the valid one for both, or both.
    @Test func lifetimes() {
        #expect(InterfaceAddressRequest(ip("192.0.2.1"), prefixLength: 24, index: 1).cacheInfo == nil)
        #expect(InterfaceAddressRequest(ip("192.0.2.1"), prefixLength: 24, index: 1, validLifetime: 60).cacheInfo
            == AddressCacheInfo(preferredLifetime: 60, validLifetime: 60))
        #expect(InterfaceAddressRequest(ip("192.0.2.1"), prefixLength: 24, index: 1, preferredLifetime: 0).cacheInfo
            == AddressCacheInfo(preferredLifetime: 0, validLifetime: AddressCacheInfo.forever))
    }

    /// The default scope is `ip`'s: host for 127.0.0.0/8, else universe; an explicit one wins.
    @Test func defaultScope() {
        #expect(InterfaceAddressRequest(ip("127.0.0.2"), prefixLength: 8, index: 1).header.scope == AddressScope.host.rawValue)
        #expect(InterfaceAddressRequest(ip("192.0.2.1"), prefixLength: 24, index: 1).header.scope == 0)
        #expect(InterfaceAddressRequest(ip("192.0.2.1"), prefixLength: 24, index: 1, scope: .link).header.scope == 253)
        #expect(InterfaceAddressRequest(ip("::1"), prefixLength: 128, index: 1).header.scope == 0)
    }

    static let broadcasts: [(AddressBroadcast, String, UInt8, String?)] = [
        (.hostBitsSet, "192.0.2.1", 24, "192.0.2.255"),
        (.hostBitsCleared, "192.0.2.1", 24, "192.0.2.0"),
        (.hostBitsSet, "10.1.2.3", 8, "10.255.255.255"),
        (.hostBitsSet, "10.0.0.1", 30, "10.0.0.3"),
        (.hostBitsSet, "10.0.0.1", 31, nil),
        (.hostBitsSet, "10.0.0.1", 32, nil),
        (.hostBitsSet, "10.0.0.1", 0, "255.255.255.255"),
        (.hostBitsCleared, "10.0.0.1", 0, "0.0.0.0"),
        (.address(IPv4Address(192, 0, 2, 7)), "192.0.2.1", 32, "192.0.2.7"),
    ]

    /// Computed broadcasts as `ip ... brd +|-`: none for /31 and /32.
    @Test(arguments: broadcasts) func broadcast(_ item: (AddressBroadcast, String, UInt8, String?)) {
        let resolved = item.0.resolved(for: IPv4Address(item.1)!, prefixLength: item.2)
        #expect(resolved?.description == item.3)
    }

    /// A peer's broadcast is computed from the peer, as ip does.
    @Test func broadcastFromPeer() throws {
        let request = InterfaceAddressRequest(ip("10.0.0.1"), prefixLength: 24, index: 2, peer: ip("10.9.9.0"), broadcast: .hostBitsSet)
        #expect(try encode(request).suffix(8) == [0x08, 0x00, 0x04, 0x00, 10, 9, 9, 255])
    }

    /// Requests that cannot be right are refused before they are sent.
    @Test func refusesMixedFamilies() {
        let peer = #expect(throws: NetlinkError.self) {
            try encode(InterfaceAddressRequest(ip("10.0.0.1"), prefixLength: 32, index: 2, peer: ip("2001:db8::2")))
        }
        #expect(peer?.code == .encodingFailed)
        let broadcast = #expect(throws: NetlinkError.self) {
            try encode(InterfaceAddressRequest(ip("2001:db8::1"), prefixLength: 64, index: 2, broadcast: .hostBitsSet))
        }
        #expect(broadcast?.code == .encodingFailed)
    }

    /// A request naming a dumped address: local, peer, prefix, index, label.
    @Test func requestNamingExisting() throws {
        var existing = InterfaceAddress(family: .inet, prefixLength: 32, index: 2, flags: [.permanent], address: ip("10.0.0.2"), local: ip("10.0.0.1"))
        existing.label = "p0"
        let request = try InterfaceAddressRequest(naming: existing)
        #expect(request.address == ip("10.0.0.1"))
        #expect(request.peer == ip("10.0.0.2"))
        #expect(request.label == "p0")
        #expect(request.flags == [])
        let ipv6 = InterfaceAddress(family: .inet6, prefixLength: 64, scope: .link, index: 3, address: ip("fe80::1"))
        let r6 = try InterfaceAddressRequest(naming: ipv6)
        #expect(r6.address == ip("fe80::1"))
        #expect(r6.peer == nil)
        #expect(r6.prefixLength == 64)
        #expect(#expect(throws: NetlinkError.self) { try InterfaceAddressRequest(naming: InterfaceAddress(family: 45, prefixLength: 0, index: 2)) }?.code == .encodingFailed)
    }

    // MARK: Operations on a fake kernel

    /// The dump request names family and index; the answer is filtered here too (a kernel without
    /// strict checking ignores the index).
    @Test func addressesFilterInUserSpace() async throws {
        let kernel = FakeNetlinkKernel()
        kernel.on(type: RouteMessageType.getAddress) { _ in
            [.dump(type: RouteMessageType.newAddress, payloads: [
                ipv4Payload(127, 0, 0, 1, prefix: 8, index: 1),
                ipv4Payload(192, 0, 2, 1, prefix: 24, index: 2),
                [v6, 64, 0x80, 0, 2, 0, 0, 0, 20, 0, 1, 0, 0x20, 0x01, 0x0D, 0xB8] + [UInt8](repeating: 0, count: 11) + [1],
            ])]
        }
        let connection = try NetlinkConnection(transport: kernel)
        #expect(try await connection.addresses().count == 3)
        #expect(try await connection.addresses(index: 2).map(\.localAddress) == [ip("192.0.2.1"), ip("2001:db8::1")])
        #expect(try await connection.addresses(family: .inet6, index: 2).map(\.localAddress) == [ip("2001:db8::1")])
        #expect(try await connection.addresses(family: .inet).count == 2)
        let last = try #require(kernel.requests.last)
        #expect(last.isDump)
        #expect(last.payload == [v4, 0, 0, 0, 0, 0, 0, 0])
        let second = kernel.requests[1]
        #expect(second.payload == [0, 0, 0, 0, 2, 0, 0, 0])
    }

    /// add asks for CREATE|EXCL, replace for CREATE|REPLACE, delete for neither.
    @Test func requestFlags() async throws {
        let kernel = FakeNetlinkKernel()
        let connection = try NetlinkConnection(transport: kernel)
        let request = InterfaceAddressRequest(ip("192.0.2.1"), prefixLength: 24, index: 3)
        try await connection.addAddress(request)
        try await connection.replaceAddress(request)
        try await connection.deleteAddress(request)
        let sent = kernel.requests
        #expect(sent.map(\.type) == [RouteMessageType.newAddress, RouteMessageType.newAddress, RouteMessageType.deleteAddress])
        #expect(sent[0].flags == [.request, .acknowledge, .create, .exclusive])
        #expect(sent[1].flags == [.request, .acknowledge, .create, .replace])
        #expect(sent[2].flags == [.request, .acknowledge])
        #expect(sent.allSatisfy { $0.payload == (try? encode(request)) })
    }

    /// Flush deletes secondaries first (deleting a primary takes its secondaries along), does not
    /// count an address already gone, and dumps again until nothing is left.
    @Test func flushOrderAndCount() async throws {
        let primary = ipv4Payload(192, 0, 2, 1, prefix: 24, index: 2)
        let secondary = ipv4Payload(192, 0, 2, 2, prefix: 24, index: 2, flags: 0x81)
        let vanishing = ipv4Payload(198, 51, 100, 9, prefix: 24, index: 2)
        let table = Mutex<[[UInt8]]>([primary, secondary, vanishing])
        let deletions = Mutex<[UInt8]>([])
        let kernel = FakeNetlinkKernel()
        kernel.on(type: RouteMessageType.getAddress) { _ in
            [.dump(type: RouteMessageType.newAddress, payloads: table.withLock { $0 })]
        }
        kernel.on(type: RouteMessageType.deleteAddress) { request in
            let last = request.payload[15]  // last byte of IFA_LOCAL
            deletions.withLock { $0.append(last) }
            return table.withLock { rows -> [FakeReply] in
                switch last {
                case 1: rows.removeAll { $0[22] == 2 && $0[23] <= 2 }; return [.ack()]  // the primary takes the secondary along
                case 2: rows.removeAll { $0 == secondary }; return [.ack()]
                default: rows.removeAll { $0 == vanishing }; return [.error(.addressNotAvailable)]
                }
            }
        }
        let connection = try NetlinkConnection(transport: kernel)
        #expect(try await connection.flushAddresses(index: 2) == 2)
        #expect(deletions.withLock { $0 } == [2, 1, 9])
        #expect(table.withLock { $0.isEmpty })
    }
}
