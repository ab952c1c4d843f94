import NetlinkCore

/// The fixed header of routing-rule messages, `struct fib_rule_hdr` (12 bytes, host byte order).
///
/// ```text
/// +--------+---------+---------+--------+
/// | family | dst_len | src_len | tos    |
/// +--------+---------+---------+--------+
/// | table  | res1    | res2    | action |   table: u8, RT_TABLE_UNSPEC (0) when FRA_TABLE says more
/// +--------+---------+---------+--------+
/// |            flags (u32)              |   FIB_RULE_*
/// +-------------------------------------+
/// ```
public struct RuleMessage: Hashable, Sendable {
    /// The size on the wire: 12.
    public static let size = 12

    /// `family`: `AF_INET` (2), `AF_INET6` (10), or `AF_UNSPEC` (0) in a dump of every family.
    public var family: AddressFamily
    /// `dst_len`: the prefix length of `FRA_DST`.
    public var destinationLength: UInt8
    /// `src_len`: the prefix length of `FRA_SRC`.
    public var sourceLength: UInt8
    /// `tos`: the TOS (IPv4) or traffic class to match.
    public var tos: UInt8
    /// `table`: the table, when below 256; `FRA_TABLE` carries any table. The kernel reports
    /// `RT_TABLE_COMPAT` (252) here for tables above 255.
    public var table: UInt8
    /// `action`: what the rule does.
    public var action: RuleAction
    /// `flags`: `FIB_RULE_*`.
    public var flags: RuleFlags

    /// Creates a header.
    public init(
        family: AddressFamily = 0, destinationLength: UInt8 = 0, sourceLength: UInt8 = 0, tos: UInt8 = 0, table: UInt8 = 0,
        action: RuleAction = .unspecified, flags: RuleFlags = []
    ) {
        self.family = family
        self.destinationLength = destinationLength
        self.sourceLength = sourceLength
        self.tos = tos
        self.table = table
        self.action = action
        self.flags = flags
    }

    /// Reads the header at the start of a rule message's payload.
    /// - Throws: `NetlinkDecodingError/Code/truncatedStructure` when the payload is shorter than 12 bytes.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        let payload = message.payload
        guard payload.byteCount >= Self.size else {
            throw NetlinkDecodingError(
                .truncatedStructure, offset: message.offset + 16, expected: Self.size, actual: payload.byteCount,
                context: "struct fib_rule_hdr")
        }
        family = AddressFamily(rawValue: payload.unsafeLoad(fromByteOffset: 0, as: UInt8.self))
        destinationLength = payload.unsafeLoad(fromByteOffset: 1, as: UInt8.self)
        sourceLength = payload.unsafeLoad(fromByteOffset: 2, as: UInt8.self)
        tos = payload.unsafeLoad(fromByteOffset: 3, as: UInt8.self)
        table = payload.unsafeLoad(fromByteOffset: 4, as: UInt8.self)
        action = RuleAction(rawValue: payload.unsafeLoad(fromByteOffset: 7, as: UInt8.self))
        flags = RuleFlags(rawValue: payload.unsafeLoadUnaligned(fromByteOffset: 8, as: UInt32.self))  // host order
    }

    /// Writes the 12 bytes.
    public func encode(into builder: inout NetlinkMessageBuilder) {
        builder.append(family.rawValue)
        builder.append(destinationLength)
        builder.append(sourceLength)
        builder.append(tos)
        builder.append(table)
        builder.appendZeros(2)
        builder.append(action.rawValue)
        builder.append(flags.rawValue)
    }
}

/// What a rule does when it matches (`FR_ACT_*` of `<linux/fib_rules.h>`), open to values this code
/// does not know.
public struct RuleAction: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The action number.
    public var rawValue: UInt8
    /// Creates an action from its number.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `FR_ACT_UNSPEC` (0).
    public static let unspecified = RuleAction(rawValue: 0)
    /// `FR_ACT_TO_TBL` (1): look the route up in the rule's table.
    public static let toTable = RuleAction(rawValue: 1)
    /// `FR_ACT_GOTO` (2): jump to the rule `FRA_GOTO` names.
    public static let goto = RuleAction(rawValue: 2)
    /// `FR_ACT_NOP` (3): do nothing.
    public static let nop = RuleAction(rawValue: 3)
    /// `FR_ACT_BLACKHOLE` (6): drop silently.
    public static let blackhole = RuleAction(rawValue: 6)
    /// `FR_ACT_UNREACHABLE` (7): drop with `ENETUNREACH`.
    public static let unreachable = RuleAction(rawValue: 7)
    /// `FR_ACT_PROHIBIT` (8): drop with `EACCES`.
    public static let prohibit = RuleAction(rawValue: 8)

    /// The word `ip rule` prints ("lookup" for ``toTable``), or the number.
    public var description: String {
        switch rawValue {
        case 1: "lookup"
        case 2: "goto"
        case 3: "nop"
        case 6: "blackhole"
        case 7: "unreachable"
        case 8: "prohibit"
        default: "\(rawValue)"
        }
    }
}

/// Rule flags (`FIB_RULE_*` of `<linux/fib_rules.h>`).
public struct RuleFlags: OptionSet, Hashable, Sendable {
    /// The flag bits.
    public var rawValue: UInt32
    /// Creates flags from their bits.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `FIB_RULE_PERMANENT` (0x1): the rule cannot be deleted.
    public static let permanent = RuleFlags(rawValue: 0x1)
    /// `FIB_RULE_INVERT` (0x2): the selector is negated (`ip rule add not ...`).
    public static let invert = RuleFlags(rawValue: 0x2)
    /// `FIB_RULE_UNRESOLVED` (0x4): a goto whose target does not exist.
    public static let unresolved = RuleFlags(rawValue: 0x4)
    /// `FIB_RULE_IIF_DETACHED` (0x8, also `FIB_RULE_DEV_DETACHED`): the input interface does not exist.
    public static let inputInterfaceDetached = RuleFlags(rawValue: 0x8)
    /// `FIB_RULE_OIF_DETACHED` (0x10): the output interface does not exist.
    public static let outputInterfaceDetached = RuleFlags(rawValue: 0x10)
    /// `FIB_RULE_FIND_SADDR` (0x10000): find a source address in the lookup.
    public static let findSourceAddress = RuleFlags(rawValue: 0x10000)
}
