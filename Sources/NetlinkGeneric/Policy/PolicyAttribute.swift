import NetlinkCore

/// The attributes of a `CTRL_CMD_GETPOLICY` answer that are the controller's own; the
/// description of one attribute's policy (`NL_POLICY_TYPE_ATTR_*`) is NetlinkCore's
/// `NetlinkAttributePolicy`, shared with the extended ack.
public enum PolicyAttribute {
    /// Which policy an operation uses (`CTRL_ATTR_POLICY_*` of `<linux/genetlink.h>`), inside
    /// `CTRL_ATTR_OP_POLICY` > the operation's command.
    public enum Operation {
        /// `CTRL_ATTR_POLICY_DO` (1): u32, the policy of its `do` request.
        public static let `do`: UInt16 = 1
        /// `CTRL_ATTR_POLICY_DUMP` (2): u32, the policy of its dump request.
        public static let dump: UInt16 = 2
    }
}

/// The type of an attribute in a policy (`enum netlink_attribute_type`, `NL_ATTR_TYPE_*`): open
/// to every value, so that a newer kernel's type still decodes.
public struct GenericAttributeType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The `NL_ATTR_TYPE_*` number.
    public var rawValue: UInt32
    /// Creates a type from its number.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `NL_ATTR_TYPE_INVALID` (0).
    public static let invalid = GenericAttributeType(rawValue: 0)
    /// `NL_ATTR_TYPE_FLAG` (1): present or not, no payload.
    public static let flag = GenericAttributeType(rawValue: 1)
    /// `NL_ATTR_TYPE_U8` (2).
    public static let u8 = GenericAttributeType(rawValue: 2)
    /// `NL_ATTR_TYPE_U16` (3).
    public static let u16 = GenericAttributeType(rawValue: 3)
    /// `NL_ATTR_TYPE_U32` (4).
    public static let u32 = GenericAttributeType(rawValue: 4)
    /// `NL_ATTR_TYPE_U64` (5).
    public static let u64 = GenericAttributeType(rawValue: 5)
    /// `NL_ATTR_TYPE_S8` (6).
    public static let s8 = GenericAttributeType(rawValue: 6)
    /// `NL_ATTR_TYPE_S16` (7).
    public static let s16 = GenericAttributeType(rawValue: 7)
    /// `NL_ATTR_TYPE_S32` (8).
    public static let s32 = GenericAttributeType(rawValue: 8)
    /// `NL_ATTR_TYPE_S64` (9).
    public static let s64 = GenericAttributeType(rawValue: 9)
    /// `NL_ATTR_TYPE_BINARY` (10): bytes, with optional length limits.
    public static let binary = GenericAttributeType(rawValue: 10)
    /// `NL_ATTR_TYPE_STRING` (11): a string, NUL not required.
    public static let string = GenericAttributeType(rawValue: 11)
    /// `NL_ATTR_TYPE_NUL_STRING` (12): a NUL-terminated string.
    public static let nulString = GenericAttributeType(rawValue: 12)
    /// `NL_ATTR_TYPE_NESTED` (13): attributes of another policy.
    public static let nested = GenericAttributeType(rawValue: 13)
    /// `NL_ATTR_TYPE_NESTED_ARRAY` (14): nests, each of another policy.
    public static let nestedArray = GenericAttributeType(rawValue: 14)
    /// `NL_ATTR_TYPE_BITFIELD32` (15): `struct nla_bitfield32` (value and selector).
    public static let bitfield32 = GenericAttributeType(rawValue: 15)
    /// `NL_ATTR_TYPE_SINT` (16, newer than the 6.1 headers): a signed integer of 4 or 8 bytes.
    public static let sint = GenericAttributeType(rawValue: 16)
    /// `NL_ATTR_TYPE_UINT` (17, newer than the 6.1 headers): an unsigned integer of 4 or 8 bytes.
    public static let uint = GenericAttributeType(rawValue: 17)

    private static let names = [
        "INVALID", "FLAG", "U8", "U16", "U32", "U64", "S8", "S16", "S32", "S64", "BINARY", "STRING", "NUL_STRING",
        "NESTED", "NESTED_ARRAY", "BITFIELD32", "SINT", "UINT",
    ]

    /// The C name without `NL_ATTR_TYPE_` (`U32`, `NUL_STRING` ...), or the number.
    public var description: String { Int(rawValue) < Self.names.count ? Self.names[Int(rawValue)] : String(rawValue) }
}
