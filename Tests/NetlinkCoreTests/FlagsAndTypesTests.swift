import NetlinkCore
import Testing

@Suite("Flags, types and families")
struct FlagsAndTypesTests {
    /// Bits 0x100–0x800 print by the kind of message.
    @Test(arguments: [
        (UInt16(0x0301), NetlinkRequestKind.get, "REQUEST|ROOT|MATCH"),
        (0x0701, .get, "REQUEST|ROOT|MATCH|ATOMIC"),
        (0x0605, .new, "REQUEST|ACK|EXCL|CREATE"),
        (0x0905, .new, "REQUEST|ACK|REPLACE|APPEND"),
        (0x0305, .delete, "REQUEST|ACK|NONREC|BULK"),
        (0x0300, .acknowledgement, "CAPPED|ACK_TLVS"),
        (0x0302, .other, "MULTI|0x300"),
        (0x003F, .other, "REQUEST|MULTI|ACK|ECHO|DUMP_INTR|DUMP_FILTERED"),
        (0x0000, .other, "0"),
        (0x1040, .get, "0x1040"),
    ])
    func flagsByKind(raw: UInt16, kind: NetlinkRequestKind, expected: String) {
        #expect(NetlinkMessageFlags(rawValue: raw).description(for: kind) == expected)
    }

    /// The same bit has a name for each kind.
    @Test func sharedBits() {
        #expect(NetlinkMessageFlags.root == .replace)
        #expect(NetlinkMessageFlags.replace == .nonRecursive)
        #expect(NetlinkMessageFlags.nonRecursive == .capped)
        #expect(NetlinkMessageFlags.match == .exclusive)
        #expect(NetlinkMessageFlags.exclusive == .bulk)
        #expect(NetlinkMessageFlags.bulk == .acknowledgementTLVs)
        #expect(NetlinkMessageFlags.dump.rawValue == 0x300)
    }

    /// Control types have names; others print as numbers and stay representable.
    @Test func messageTypes() {
        #expect(NetlinkMessageType.noop.description == "NLMSG_NOOP")
        #expect(NetlinkMessageType.error.description == "NLMSG_ERROR")
        #expect(NetlinkMessageType.done.description == "NLMSG_DONE")
        #expect(NetlinkMessageType.overrun.description == "NLMSG_OVERRUN")
        #expect(NetlinkMessageType.overrun.isControl)
        #expect(!NetlinkMessageType.minimumFamilyType.isControl)
        #expect(NetlinkMessageType(0xBEEF).description == "48879")
    }

    /// Families: synonyms, removed numbers, unknown values.
    @Test func families() {
        #expect(NetlinkFamily.inetDiag == .sockDiag)
        #expect(NetlinkFamily.w1 == .unused)
        #expect(NetlinkFamily.route.description == "NETLINK_ROUTE")
        #expect(NetlinkFamily.kobjectUevent.rawValue == 15)
        #expect(NetlinkFamily(99).description == "netlink protocol 99")
        #expect(Set(NetlinkFamily.allKnown).count == NetlinkFamily.allKnown.count)
        #expect(NetlinkFamily.allKnown.count == 22)
    }
}
