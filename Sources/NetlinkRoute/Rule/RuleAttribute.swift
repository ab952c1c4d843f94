/// Routing-rule attribute types (`FRA_*` of `<linux/fib_rules.h>`). Integers are in host byte order
/// unless stated.
public enum RuleAttribute {
    /// `FRA_DST` (1): the destination prefix's address (network order).
    public static let destination: UInt16 = 1
    /// `FRA_SRC` (2): the source prefix's address (network order).
    public static let source: UInt16 = 2
    /// `FRA_IIFNAME` (3, also `FRA_IFNAME`): the input interface, a string.
    public static let inputInterfaceName: UInt16 = 3
    /// `FRA_GOTO` (4): u32, the priority of the rule to jump to (`FR_ACT_GOTO`).
    public static let goto: UInt16 = 4
    /// `FRA_PRIORITY` (6): u32, the priority (preference). The kernel leaves it out for priority 0.
    public static let priority: UInt16 = 6
    /// `FRA_FWMARK` (10): u32, the firewall mark to match.
    public static let firewallMark: UInt16 = 10
    /// `FRA_FLOW` (11): u32, the realm (flow/class ID).
    public static let flow: UInt16 = 11
    /// `FRA_TUN_ID` (12): be64 (big-endian), the tunnel ID.
    public static let tunnelID: UInt16 = 12
    /// `FRA_SUPPRESS_IFGROUP` (13): u32, reject routes through devices of this group.
    public static let suppressInterfaceGroup: UInt16 = 13
    /// `FRA_SUPPRESS_PREFIXLEN` (14): u32, reject routes with this prefix length or shorter.
    public static let suppressPrefixLength: UInt16 = 14
    /// `FRA_TABLE` (15): u32, the table (any table, including those above 255).
    public static let table: UInt16 = 15
    /// `FRA_FWMASK` (16): u32, the mask for `FRA_FWMARK`.
    public static let firewallMask: UInt16 = 16
    /// `FRA_OIFNAME` (17): the output interface, a string.
    public static let outputInterfaceName: UInt16 = 17
    /// `FRA_PAD` (18): padding for 64-bit alignment.
    public static let pad: UInt16 = 18
    /// `FRA_L3MDEV` (19): u8, look up in the table of the L3 master device.
    public static let l3MasterDevice: UInt16 = 19
    /// `FRA_UID_RANGE` (20): `struct fib_rule_uid_range` (see ``RuleUIDRange``).
    public static let uidRange: UInt16 = 20
    /// `FRA_PROTOCOL` (21): u8, the originator of the rule (`RTPROT_*`).
    public static let `protocol`: UInt16 = 21
    /// `FRA_IP_PROTO` (22): u8, the IP protocol to match (6 TCP, 17 UDP ...).
    public static let ipProtocol: UInt16 = 22
    /// `FRA_SPORT_RANGE` (23): `struct fib_rule_port_range` (see ``RulePortRange``), host order.
    public static let sourcePortRange: UInt16 = 23
    /// `FRA_DPORT_RANGE` (24): `struct fib_rule_port_range`, host order.
    public static let destinationPortRange: UInt16 = 24
    /// `FRA_DSCP` (25): u8, the DSCP to match (newer than the 6.1 headers).
    public static let dscp: UInt16 = 25
    /// `FRA_FLOWLABEL` (26): be32 (big-endian), the IPv6 flow label (newer than the 6.1 headers).
    public static let flowLabel: UInt16 = 26
    /// `FRA_FLOWLABEL_MASK` (27): be32 (big-endian) (newer than the 6.1 headers).
    public static let flowLabelMask: UInt16 = 27
    /// `FRA_SPORT_MASK` (28): u16, the mask for the source port (newer than the 6.1 headers).
    public static let sourcePortMask: UInt16 = 28
    /// `FRA_DPORT_MASK` (29): u16, the mask for the destination port (newer than the 6.1 headers).
    public static let destinationPortMask: UInt16 = 29
    /// `FRA_DSCP_MASK` (30): u8, the mask for `FRA_DSCP` (newer than the 6.1 headers).
    public static let dscpMask: UInt16 = 30
}

/// A range of user IDs a rule matches, `struct fib_rule_uid_range` (8 bytes, host byte order).
///
/// ```text
/// +----------------+----------------+
/// | start (u32)    | end (u32)      |   inclusive
/// +----------------+----------------+
/// ```
/// A plain pair, not a `ClosedRange`: what the kernel sends is kept as sent, even if `start > end`.
public struct RuleUIDRange: Hashable, Sendable {
    /// The size on the wire: 8.
    public static let size = 8
    /// The first user ID.
    public var start: UInt32
    /// The last user ID.
    public var end: UInt32
    /// Creates a range.
    public init(start: UInt32, end: UInt32) {
        self.start = start
        self.end = end
    }
}

/// A range of ports a rule matches, `struct fib_rule_port_range` (4 bytes, host byte order — not
/// network order: the kernel converts the packet's port before comparing).
///
/// ```text
/// +--------------+--------------+
/// | start (u16)  | end (u16)    |   inclusive
/// +--------------+--------------+
/// ```
public struct RulePortRange: Hashable, Sendable {
    /// The size on the wire: 4.
    public static let size = 4
    /// The first port.
    public var start: UInt16
    /// The last port.
    public var end: UInt16
    /// Creates a range.
    public init(start: UInt16, end: UInt16) {
        self.start = start
        self.end = end
    }
    /// A range of one port.
    public init(_ port: UInt16) {
        self.init(start: port, end: port)
    }
}
