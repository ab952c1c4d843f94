import NetlinkCore
import Testing

/// A decoded attribute tree, to compare outside the lifetime of a view.
indirect enum Node: Equatable {
    case leaf(type: UInt16, nested: Bool, netOrder: Bool, payload: [UInt8], offset: Int)
    case nest(type: UInt16, offset: Int, children: [Node])
}

func tree(_ attributes: consuming NetlinkAttributes, nests: Set<UInt16> = []) throws(NetlinkDecodingError) -> [Node] {
    var out: [Node] = []
    while let a = try attributes.next() {
        if a.isNested || nests.contains(a.type) {
            out.append(.nest(type: a.type, offset: a.offset, children: try tree(a.nested(), nests: nests)))
        } else {
            out.append(.leaf(type: a.type, nested: a.isNested, netOrder: a.isNetworkByteOrder, payload: a.bytes(), offset: a.offset))
        }
    }
    return out
}

func attributesError(_ bytes: [UInt8]) -> NetlinkDecodingError? {
    do {
        _ = try tree(NetlinkAttributes(bytes.span.bytes))
        return nil
    } catch {
        return error
    }
}

@Suite("Attributes")
struct AttributeTests {
    /// A stream laid out field by field: the type loses its flag bits, which are kept as flags.
    @Test func goldenStream() throws {
        let bytes =
            u16(9) + u16(3) + cstr("eth0") + [0, 0, 0]  // IFLA_IFNAME "eth0\0", len 9, padded to 12
            + u16(8) + u16(4) + u32(1500)  // IFLA_MTU u32
            + u16(8) + u16(0x4000 | 7) + be32(0x0A00_0001)  // NET_BYTEORDER u32
            + u16(12) + u16(0x8000 | 18)  // NESTED, len 12
            + u16(8) + u16(1) + cstr("bla")  //   inner: IFLA_INFO_KIND "bla\0"
        let nodes = try tree(NetlinkAttributes(bytes.span.bytes))
        #expect(nodes == [
            .leaf(type: 3, nested: false, netOrder: false, payload: cstr("eth0"), offset: 0),
            .leaf(type: 4, nested: false, netOrder: false, payload: u32(1500), offset: 12),
            .leaf(type: 7, nested: false, netOrder: true, payload: be32(0x0A00_0001), offset: 20),
            .nest(type: 18, offset: 28, children: [.leaf(type: 1, nested: false, netOrder: false, payload: cstr("bla"), offset: 32)]),
        ])
    }

    /// Typed getters read the right width and byte order, and name the attribute when the size is wrong.
    @Test func typedGetters() throws {
        var b = NetlinkMessageBuilder()
        try b.appendAttribute(1, uint8: 0xAB)
        try b.appendAttribute(2, uint16: 0x1234, .host)
        try b.appendAttribute(3, uint16: 0x1234, .bigEndian)
        try b.appendAttribute(4, uint32: 0xDEAD_BEEF, .fromAttributeFlag)
        try b.appendAttribute(5, uint64: 0x0102_0304_0506_0708, .host)
        try b.appendAttribute(6, int32: -5, .host)
        try b.appendAttribute(7, string: "lo")
        try b.appendFlagAttribute(8)
        try b.appendAttribute(9, ipv4: IPv4Address(192, 0, 2, 1))
        try b.appendAttribute(10, ipv6: IPv6Address("2001:db8::1")!)
        try b.appendAttribute(11, mac: MACAddress("02:42:ac:11:00:02")!)
        try b.appendAttribute(12, int64: -1, .host)
        try b.appendAttribute(13, int16: -2, .bigEndian)
        try b.appendAttribute(14, int8: -3)
        try b.appendAttribute(15, bytes: [1, 2, 3])
        let bytes = b.bytes
        var it = NetlinkAttributes(bytes.span.bytes)
        var seen = 0
        while let a = try it.next() {
            seen += 1
            switch a.type {
            case 1: #expect(try a.uint8() == 0xAB)
            case 2: #expect(try a.uint16(.host) == 0x1234)
            case 3:
                #expect(try a.uint16(.bigEndian) == 0x1234)
                #expect(try a.uint16(.host) == 0x3412)
            case 4:
                let flagged = a.isNetworkByteOrder
                #expect(flagged)
                #expect(try a.uint32(.fromAttributeFlag) == 0xDEAD_BEEF)
                #expect(try a.uint32(.bigEndian) == 0xDEAD_BEEF)
                #expect(try a.unsignedInteger(.fromAttributeFlag) == 0xDEAD_BEEF)
            case 5: #expect(try a.uint64(.host) == 0x0102_0304_0506_0708)
            case 6: #expect(try a.int32(.host) == -5)
            case 7:
                #expect(a.string() == "lo")
                #expect(try a.nulTerminatedString() == "lo")
            case 8: #expect(try a.flag())
            case 9: #expect(try a.ipv4Address().description == "192.0.2.1")
            case 10:
                #expect(try a.ipv6Address().description == "2001:db8::1")
                #expect(try a.ipAddress() == IPAddress("2001:db8::1"))
            case 11: #expect(try a.macAddress().description == "02:42:ac:11:00:02")
            case 12: #expect(try a.int64(.host) == -1)
            case 13: #expect(try a.int16(.bigEndian) == -2)
            case 14: #expect(try a.int8() == -3)
            case 15:
                #expect(a.bytes() == [1, 2, 3])
                let error = #expect(throws: NetlinkDecodingError.self) { try a.uint32(.host) }
                #expect(error?.code == .attributeSizeMismatch)
                #expect(error?.attributeType == 15)
                #expect(error?.expected == 4)
                #expect(error?.actual == 3)
                #expect(throws: NetlinkDecodingError.self) { try a.flag() }
                #expect(throws: NetlinkDecodingError.self) { try a.nulTerminatedString() }
                #expect(throws: NetlinkDecodingError.self) { try a.ipv4Address() }
                #expect(throws: NetlinkDecodingError.self) { try a.ipAddress() }
                #expect(throws: NetlinkDecodingError.self) { try a.macAddress() }
            default: Issue.record("unexpected attribute \(a.type)")
            }
        }
        #expect(seen == 15)
    }

    /// Strings: up to the first NUL, or all bytes without one; nulTerminatedString insists on the NUL.
    @Test func strings() throws {
        let bytes = nla(1, Array("abc".utf8)) + nla(2, cstr("x") + [0x41])
        var it = NetlinkAttributes(bytes.span.bytes)
        guard let a = try it.next() else {
            Issue.record("no first attribute")
            return
        }
        #expect(a.string() == "abc")
        let error = #expect(throws: NetlinkDecodingError.self) { try a.nulTerminatedString() }
        #expect(error?.code == .missingNulTerminator)
        guard let b = try it.next() else {
            Issue.record("no second attribute")
            return
        }
        #expect(b.string() == "x")
    }

    /// Unknown attribute types are simply returned; a reader skips them and reads on.
    @Test func unknownTypesAreSkippable() throws {
        let bytes = nla(0x3FFF, [1, 2, 3, 4, 5]) + nla(4, u32(9000))
        var it = NetlinkAttributes(bytes.span.bytes)
        var mtu: UInt32?
        while let a = try it.next() {
            if a.type == 4 { mtu = try a.uint32(.host) }
        }
        #expect(mtu == 9000)
    }

    /// Nesting back-patches the length, sets NLA_F_NESTED, and the nest length covers inner padding.
    @Test func builderNesting() throws {
        var b = NetlinkMessageBuilder()
        try b.appendNested(18) { b in
            try b.appendAttribute(1, string: "veth")  // 4 + 5 = 9, padded to 12
            try b.appendNested(2, setNestedFlag: false) { b in
                try b.appendAttribute(1, uint32: 7, .host)
            }
        }
        let expected =
            u16(28) + u16(0x8000 | 18)  // outer nest: 4 + 12 + 12
            + u16(9) + u16(1) + cstr("veth") + [0, 0, 0]  // IFLA_INFO_KIND
            + u16(12) + u16(2)  // inner nest without the flag
            + u16(8) + u16(1) + u32(7)
        #expect(b.bytes == expected)
    }

    /// A nest whose closure throws is rolled back; so is a nest that grows past 65,535 bytes.
    @Test func nestRollback() throws {
        struct Boom: Error {}
        var b = NetlinkMessageBuilder()
        try b.appendAttribute(1, uint8: 1)
        let before = b.bytes
        #expect(throws: Boom.self) {
            try b.appendNested(2) { b in
                try b.appendAttribute(3, uint32: 1, .host)
                throw Boom()
            }
        }
        #expect(b.bytes == before)
        let error = #expect(throws: NetlinkEncodingError.self) {
            try b.appendNested(2) { b in
                for _ in 0..<3 { try b.appendAttribute(3, bytes: [UInt8](repeating: 7, count: 30_000)) }
            }
        }
        #expect(error?.code == .nestTooLarge)
        #expect(b.bytes == before)
    }

    /// Payload limits: 65,531 bytes is the largest attribute payload; one more is an error, never a wrapped length.
    @Test func payloadLimits() throws {
        var b = NetlinkMessageBuilder()
        try b.appendAttribute(1, bytes: [UInt8](repeating: 1, count: 65_531))
        #expect(b.bytes.prefix(2) == [0xFF, 0xFF])
        b.removeAll()
        let error = #expect(throws: NetlinkEncodingError.self) {
            try b.appendAttribute(1, bytes: [UInt8](repeating: 1, count: 65_532))
        }
        #expect(error?.code == .attributePayloadTooLarge)
        #expect(error?.size == 65_532)
        #expect(b.count == 0)
        let typeError = #expect(throws: NetlinkEncodingError.self) { try b.appendAttribute(0x4000, uint8: 1) }
        #expect(typeError?.code == .attributeTypeOutOfRange)
    }

    /// A message's attributes start after the family header padded to four bytes.
    @Test func attributesAfterFixedHeader() throws {
        let payload = [UInt8](repeating: 0, count: 12) + nla(15, u32(254))  // rtmsg is 12 bytes
        let bytes = nlmsg(type: 24, flags: 0, seq: 0, pid: 0, payload)
        let message = try NetlinkMessage(bytes.span.bytes)
        let nodes = try tree(message.attributes(afterFixedHeader: 12))
        #expect(nodes == [.leaf(type: 15, nested: false, netOrder: false, payload: u32(254), offset: 28)])
        let error = #expect(throws: NetlinkDecodingError.self) { _ = try message.attributes(afterFixedHeader: 40) }
        #expect(error?.code == .truncatedStructure)
    }

    /// Nesting 10,000 deep ends in a typed error, not a stack overflow.
    @Test func deepNesting() {
        var bytes: [UInt8] = []
        for _ in 0..<10_000 {
            let length = UInt16(truncatingIfNeeded: 4 + bytes.count)
            bytes = u16(length) + u16(0x8000 | 1) + bytes
        }
        let error = attributesError(bytes)
        #expect(error != nil)
        #expect(error?.code == .nestingTooDeep || error?.code == .attributeLengthExceedsData || error?.code == .attributeLengthTooSmall)
        // A well-formed deep chain (lengths fit in 16 bits) hits the depth limit exactly.
        var chain: [UInt8] = []
        for _ in 0..<100 { chain = u16(UInt16(4 + chain.count)) + u16(0x8000 | 1) + chain }
        #expect(attributesError(chain)?.code == .nestingTooDeep)
    }
}
