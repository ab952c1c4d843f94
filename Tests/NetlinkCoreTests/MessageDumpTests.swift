import NetlinkCore
import Testing

struct TestLinkSchema: NetlinkFamilySchema {
    func messageTypeName(_ type: NetlinkMessageType) -> String? { type.rawValue == 16 ? "RTM_NEWLINK" : nil }
    func requestKind(_ type: NetlinkMessageType) -> NetlinkRequestKind { type.rawValue == 16 ? .new : .other }
    func fixedHeaderSize(_ type: NetlinkMessageType) -> Int { 16 }
    func attributeNaming(_ type: NetlinkMessageType) -> (any NetlinkAttributeNaming)? {
        NetlinkAttributeNameTable(topLevel: [3: "IFLA_IFNAME", 18: "IFLA_LINKINFO"], nested: [[18]: [1: "IFLA_INFO_KIND"]])
    }
}

@Suite("Debug dump")
struct MessageDumpTests {
    /// A request, an error with extended ack, and a DONE render readably.
    @Test func rendersMessages() throws {
        var b = NetlinkMessageBuilder()
        try b.message(type: NetlinkMessageType(16), flags: [.request, .acknowledge, .exclusive, .create], sequence: 1) { b in
            b.appendZeros(16)
            try b.appendAttribute(3, string: "veth0")
            try b.appendNested(18) { b in try b.appendAttribute(1, string: "veth") }
        }
        let request = b.bytes
        try NetlinkErrorMessage(
            error: -22, requestHeader: NetlinkMessageHeader(decoding: request.span.bytes), isCapped: true,
            extendedAck: NetlinkExtendedAck(message: "bad", offset: 32)
        ).encode(into: &b)
        try NetlinkDoneMessage(error: 0).encode(into: &b, sequence: 2, portID: 0)
        let text = NetlinkMessageDump(schema: TestLinkSchema()).render(datagram: b.bytes.span.bytes)
        let expected = """
            RTM_NEWLINK (16) len=60 flags=REQUEST|ACK|EXCL|CREATE seq=1 port=0
              family header (16 bytes): 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
              [3] IFLA_IFNAME len=10: 76 65 74 68 30 00  "veth0."
              [18|N] IFLA_LINKINFO len=16:
                [1] IFLA_INFO_KIND len=9: 76 65 74 68 00  "veth."
            NLMSG_ERROR (2) len=52 flags=CAPPED|ACK_TLVS seq=1 port=0
              error: -22 (Invalid argument)
              request: type=16 len=60 flags=0x605 seq=1 port=0
              extended ack: message="bad" offset=32
            NLMSG_DONE (3) len=20 flags=MULTI seq=2 port=0
              error: 0

            """
        #expect(text == expected)
    }

    /// Garbage renders with its error and hex, never a trap.
    @Test func rendersGarbage() {
        let garbage: [UInt8] = u32(0xFFFF_FFFF) + [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
        let text = NetlinkMessageDump().render(datagram: garbage.span.bytes)
        #expect(text.hasPrefix("malformed at offset 0: messageLengthExceedsData"))
        #expect(text.contains("ff ff ff ff 01 02"))
    }
}
