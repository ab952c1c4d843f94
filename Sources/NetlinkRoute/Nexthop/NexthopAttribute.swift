/// Nexthop-object attribute types (`NHA_*` of `<linux/nexthop.h>`). Integers are in host byte order.
public enum NexthopAttribute {
    /// `NHA_ID` (1): u32, the ID (0 in a request: the kernel picks one).
    public static let id: UInt16 = 1
    /// `NHA_GROUP` (2): an array of `struct nexthop_grp` (see ``NexthopGroupMember``).
    public static let group: UInt16 = 2
    /// `NHA_GROUP_TYPE` (3): u16, the group type (see ``NexthopGroupType``).
    public static let groupType: UInt16 = 3
    /// `NHA_BLACKHOLE` (4): flag, the nexthop drops packets.
    public static let blackhole: UInt16 = 4
    /// `NHA_OIF` (5): u32, the device. In a dump request, a filter.
    public static let outputInterface: UInt16 = 5
    /// `NHA_GATEWAY` (6): the gateway (4 bytes for IPv4, 16 for IPv6, network order).
    public static let gateway: UInt16 = 6
    /// `NHA_ENCAP_TYPE` (7): u16, the lightweight-tunnel encapsulation type (`LWTUNNEL_ENCAP_*`).
    public static let encapsulationType: UInt16 = 7
    /// `NHA_ENCAP` (8): nested, the encapsulation data.
    public static let encapsulation: UInt16 = 8
    /// `NHA_GROUPS` (9): flag, in a dump request: only groups.
    public static let groups: UInt16 = 9
    /// `NHA_MASTER` (10): u32, in a dump request: only nexthops whose device has this master.
    public static let master: UInt16 = 10
    /// `NHA_FDB` (11): flag, the nexthop belongs to a bridge FDB (VXLAN).
    public static let fdb: UInt16 = 11
    /// `NHA_RES_GROUP` (12): nested, the parameters of a resilient group (`NHA_RES_GROUP_*`).
    public static let resilientGroup: UInt16 = 12
    /// `NHA_RES_BUCKET` (13): nested, a bucket of a resilient group (`NHA_RES_BUCKET_*`).
    public static let resilientBucket: UInt16 = 13
    /// `NHA_OP_FLAGS` (14): u32, request flags (`NHA_OP_FLAG_*`) (newer than the 6.1 headers).
    public static let operationFlags: UInt16 = 14
    /// `NHA_GROUP_STATS` (15): nested, per-member packet counts (newer than the 6.1 headers).
    public static let groupStatistics: UInt16 = 15
    /// `NHA_HW_STATS_ENABLE` (16): u32, hardware statistics on or off (newer than the 6.1 headers).
    public static let hardwareStatisticsEnable: UInt16 = 16
    /// `NHA_HW_STATS_USED` (17): u32, whether hardware statistics are in use (newer than the 6.1 headers).
    public static let hardwareStatisticsUsed: UInt16 = 17
}

/// The kind of a nexthop group (`NEXTHOP_GRP_TYPE_*` of `<linux/nexthop.h>`), the u16 of
/// `NHA_GROUP_TYPE`. Open to values this code does not know.
public struct NexthopGroupType: RawRepresentable, Hashable, Sendable {
    /// The type number.
    public var rawValue: UInt16
    /// Creates a type from its number.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// `NEXTHOP_GRP_TYPE_MPATH` (0): hash-threshold multipath, the default.
    public static let multipath = NexthopGroupType(rawValue: 0)
    /// `NEXTHOP_GRP_TYPE_RES` (1): resilient (buckets survive member changes).
    public static let resilient = NexthopGroupType(rawValue: 1)
}

/// One member of a nexthop group, an entry of `NHA_GROUP`: `struct nexthop_grp` (8 bytes, host byte order).
///
/// ```text
/// +-----------------------------------+
/// |             id (u32)              |   a nexthop that must exist
/// +--------+-------------+------------+
/// | weight | weight_high | resvd2 u16 |   the weight minus one: low byte, high byte (6.12+)
/// +--------+-------------+------------+
/// ```
///
/// The wire holds the weight minus one: weight 1 is `0x00`, weight 256 is `0xFF`. Kernels since 6.12
/// read the former `resvd1` byte as `weight_high` (newer than the 6.1 headers), for weights up to 65,536.
public struct NexthopGroupMember: Hashable, Sendable {
    /// The size of one entry on the wire: 8.
    public static let size = 8
    /// The largest weight: 65,536 (256 on kernels before 6.12).
    public static let maximumWeight: UInt32 = 65_536

    /// The member nexthop's ID.
    public var id: UInt32
    /// The weight, 1 ... 65,536 (traffic share relative to the other members).
    public var weight: UInt32

    /// Creates a member.
    public init(id: UInt32, weight: UInt32 = 1) {
        self.id = id
        self.weight = weight
    }
}
