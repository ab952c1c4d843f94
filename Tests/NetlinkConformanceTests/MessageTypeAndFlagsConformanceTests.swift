// NetlinkMessageType and NetlinkMessageFlags against the NLMSG_* and NLM_F_* macros of <linux/netlink.h>.

import CNetlinkShim
import NetlinkCore
import Testing

/// One hand-written message type and the value of its C macro.
struct MessageTypeCase: Sendable, CustomTestStringConvertible {
    var type: NetlinkMessageType
    var header: Int32
    var cName: String
    var testDescription: String { cName }
}

let messageTypeCases: [MessageTypeCase] = [
    MessageTypeCase(type: .noop, header: NLMSG_NOOP, cName: "NLMSG_NOOP"),
    MessageTypeCase(type: .error, header: NLMSG_ERROR, cName: "NLMSG_ERROR"),
    MessageTypeCase(type: .done, header: NLMSG_DONE, cName: "NLMSG_DONE"),
    MessageTypeCase(type: .overrun, header: NLMSG_OVERRUN, cName: "NLMSG_OVERRUN"),
    MessageTypeCase(type: .minimumFamilyType, header: NLMSG_MIN_TYPE, cName: "NLMSG_MIN_TYPE"),
]

/// One hand-written flag, the value of its C macro, and the kind of message whose
/// `description(for:)` prints it by the macro's name without `NLM_F_`.
struct FlagCase: Sendable, CustomTestStringConvertible {
    var flags: NetlinkMessageFlags
    var header: Int32
    var cName: String
    var kind: NetlinkRequestKind
    /// What `description(for: kind)` prints: the macro's name without `NLM_F_`, or the names of
    /// its parts for a composite flag.
    var printed: String

    init(_ flags: NetlinkMessageFlags, _ header: Int32, _ cName: String, _ kind: NetlinkRequestKind, printed: String? = nil) {
        self.flags = flags
        self.header = header
        self.cName = cName
        self.kind = kind
        self.printed = printed ?? String(cName.dropFirst("NLM_F_".count))
    }

    var testDescription: String { cName }
}

/// Every NLM_F_* macro of the 6.1 headers.
let flagCases: [FlagCase] = [
    // Standard flags.
    FlagCase(.request, NLM_F_REQUEST, "NLM_F_REQUEST", .other),
    FlagCase(.multipart, NLM_F_MULTI, "NLM_F_MULTI", .other),
    FlagCase(.acknowledge, NLM_F_ACK, "NLM_F_ACK", .other),
    FlagCase(.echo, NLM_F_ECHO, "NLM_F_ECHO", .other),
    FlagCase(.dumpInterrupted, NLM_F_DUMP_INTR, "NLM_F_DUMP_INTR", .other),
    FlagCase(.dumpFiltered, NLM_F_DUMP_FILTERED, "NLM_F_DUMP_FILTERED", .other),
    // Modifiers of GET.
    FlagCase(.root, NLM_F_ROOT, "NLM_F_ROOT", .get),
    FlagCase(.match, NLM_F_MATCH, "NLM_F_MATCH", .get),
    FlagCase(.atomic, NLM_F_ATOMIC, "NLM_F_ATOMIC", .get),
    FlagCase(.dump, NLM_F_DUMP, "NLM_F_DUMP", .get, printed: "ROOT|MATCH"),
    // Modifiers of NEW.
    FlagCase(.replace, NLM_F_REPLACE, "NLM_F_REPLACE", .new),
    FlagCase(.exclusive, NLM_F_EXCL, "NLM_F_EXCL", .new),
    FlagCase(.create, NLM_F_CREATE, "NLM_F_CREATE", .new),
    FlagCase(.append, NLM_F_APPEND, "NLM_F_APPEND", .new),
    // Modifiers of DELETE.
    FlagCase(.nonRecursive, NLM_F_NONREC, "NLM_F_NONREC", .delete),
    FlagCase(.bulk, NLM_F_BULK, "NLM_F_BULK", .delete),
    // Flags of an acknowledgement.
    FlagCase(.capped, NLM_F_CAPPED, "NLM_F_CAPPED", .acknowledgement),
    FlagCase(.acknowledgementTLVs, NLM_F_ACK_TLVS, "NLM_F_ACK_TLVS", .acknowledgement),
]

@Suite("NetlinkMessageType vs NLMSG_*")
struct MessageTypeConformanceTests {
    /// Each control message type equals its `NLMSG_*` macro.
    @Test(arguments: messageTypeCases)
    func value(_ c: MessageTypeCase) {
        #expect(Int(c.type.rawValue) == Int(c.header), "\(c.cName)")
    }

    /// The four control types print as their C names.
    @Test(arguments: messageTypeCases.filter { $0.cName != "NLMSG_MIN_TYPE" })
    func cName(_ c: MessageTypeCase) {
        #expect(c.type.description == c.cName)
    }

    /// `isControl` is true exactly below `NLMSG_MIN_TYPE`.
    @Test func isControlStopsAtMinimumType() {
        for raw in UInt16(0)...0x40 {
            #expect(NetlinkMessageType(raw).isControl == (Int32(raw) < NLMSG_MIN_TYPE), "type \(raw)")
        }
    }
}

@Suite("NetlinkMessageFlags vs NLM_F_*")
struct MessageFlagsConformanceTests {
    /// Each flag's bits equal its `NLM_F_*` macro.
    @Test(arguments: flagCases)
    func value(_ c: FlagCase) {
        #expect(Int(c.flags.rawValue) == Int(c.header), "\(c.cName)")
    }

    /// `description(for:)` names a flag's bits with the macro's name for its kind of message,
    /// so its hand-written bit table agrees with the header too.
    @Test(arguments: flagCases)
    func printedName(_ c: FlagCase) {
        let flags = NetlinkMessageFlags(rawValue: UInt16(truncatingIfNeeded: c.header))
        #expect(flags.description(for: c.kind) == c.printed)
    }
}
