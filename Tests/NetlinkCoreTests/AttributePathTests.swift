import NetlinkCore
import Testing

@Suite("Extended-ack offsets")
struct AttributePathTests {
    /// A request with a nested attribute (IFLA_LINKINFO > IFLA_INFO_DATA > VETH_INFO_PEER style).
    static func request() throws -> [UInt8] {
        var b = NetlinkMessageBuilder()
        try b.message(type: NetlinkMessageType(16), flags: [.request, .acknowledge], sequence: 1) { b in
            b.appendZeros(16)  // ifinfomsg: attributes start at 32
            try b.appendAttribute(3, string: "veth0")  // offset 32, len 10 -> 12
            try b.appendAttribute(4, uint32: 1500, .host)  // offset 44
            try b.appendNested(18) { b in  // offset 52
                try b.appendAttribute(1, string: "veth")  // offset 56, len 9 -> 12
                try b.appendNested(2, setNestedFlag: false) { b in  // offset 68
                    try b.appendAttribute(1, uint32: 7, .host)  // offset 72
                }
            }
        }
        return b.bytes
    }

    static let naming = NetlinkAttributeNameTable(
        topLevel: [3: "IFLA_IFNAME", 4: "IFLA_MTU", 18: "IFLA_LINKINFO"],
        nested: [[18]: [1: "IFLA_INFO_KIND", 2: "IFLA_INFO_DATA"], [18, 2]: [1: "VETH_INFO_PEER"]])

    /// Each offset resolves to the attribute path it points at.
    @Test(arguments: [
        (0, "message header (byte 0)"),
        (6, "message header (byte 6)"),
        (20, "family header (byte 4)"),
        (32, "IFLA_IFNAME"),
        (36, "IFLA_IFNAME"),
        (44, "IFLA_MTU"),
        (52, "IFLA_LINKINFO"),
        (56, "IFLA_LINKINFO > IFLA_INFO_KIND"),
        (68, "IFLA_LINKINFO > IFLA_INFO_DATA"),
        (72, "IFLA_LINKINFO > IFLA_INFO_DATA > VETH_INFO_PEER"),
    ])
    func resolve(offset: Int, expected: String) throws {
        let bytes = try Self.request()
        let path = NetlinkAttributePath.resolve(offset: offset, inRequest: bytes.span.bytes, fixedHeaderSize: 16)
        #expect(path?.description(naming: Self.naming) == expected)
    }

    /// Offsets outside the request, or a malformed request, resolve to nothing.
    @Test func outside() throws {
        let bytes = try Self.request()
        let past = NetlinkAttributePath.resolve(offset: bytes.count + 4, inRequest: bytes.span.bytes, fixedHeaderSize: 16)
        let negative = NetlinkAttributePath.resolve(offset: -1, inRequest: bytes.span.bytes, fixedHeaderSize: 16)
        let garbage: [UInt8] = [1, 2, 3]
        let malformed = NetlinkAttributePath.resolve(offset: 0, inRequest: garbage.span.bytes, fixedHeaderSize: 16)
        #expect(past == nil)
        #expect(negative == nil)
        #expect(malformed == nil)
        let components = NetlinkAttributePath.resolve(offset: 72, inRequest: bytes.span.bytes, fixedHeaderSize: 16)?.components
        #expect(components?.map(\.offset) == [52, 68, 72])
        let unnamed = NetlinkAttributePath.resolve(offset: 72, inRequest: bytes.span.bytes, fixedHeaderSize: 16)
        #expect(unnamed?.description() == "attribute 18 > attribute 2 > attribute 1")
    }
}
