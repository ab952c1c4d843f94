import NetlinkCore

/// The fixed header of statistics messages, `struct if_stats_msg` (12 bytes, host byte order),
/// of `RTM_GETSTATS` requests and `RTM_NEWSTATS` replies.
///
/// ```text
/// +--------+--------+----------------+
/// | family | pad1   | pad2 (u16)     |   family (AF_UNSPEC), pad1, pad2: zero
/// +--------+--------+----------------+
/// |          ifindex (u32)           |   the link (0 in a dump request: all)
/// +----------------------------------+
/// |          filter_mask (u32)       |   which IFLA_STATS_* to send: bit (type - 1)
/// +----------------------------------+
/// ```
public struct LinkStatisticsMessage: Hashable, Sendable {
    /// The size on the wire: 12.
    public static let size = 12

    /// The corresponding C constant is `RTM_NEWSTATS` (92).
    public static let newStats = NetlinkMessageType(92)
    /// The corresponding C constant is `RTM_GETSTATS` (94).
    public static let getStats = NetlinkMessageType(94)
    /// The corresponding C constant is `RTM_SETSTATS` (95).
    public static let setStats = NetlinkMessageType(95)

    /// `family`: `AF_UNSPEC` (0).
    public var family: AddressFamily
    /// `ifindex`: the link (0: every link, in a dump).
    public var index: UInt32
    /// `filter_mask`: the groups asked for, or sent.
    public var filterMask: LinkStatisticsFilter

    /// Creates a header.
    public init(family: AddressFamily = 0, index: UInt32 = 0, filterMask: LinkStatisticsFilter = .link64) {
        self.family = family
        self.index = index
        self.filterMask = filterMask
    }

    /// Reads the header at the start of a statistics message's payload.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        let payload = message.payload
        guard payload.byteCount >= Self.size else {
            throw NetlinkDecodingError(
                .truncatedStructure, offset: message.offset + 16, expected: Self.size, actual: payload.byteCount,
                context: "struct if_stats_msg")
        }
        family = AddressFamily(rawValue: payload.unsafeLoad(fromByteOffset: 0, as: UInt8.self))
        index = payload.unsafeLoadUnaligned(fromByteOffset: 4, as: UInt32.self)
        filterMask = LinkStatisticsFilter(rawValue: payload.unsafeLoadUnaligned(fromByteOffset: 8, as: UInt32.self))
    }

    /// Writes the 12 bytes.
    public func encode(into builder: inout NetlinkMessageBuilder) {
        builder.append(family.rawValue)
        builder.append(UInt8(0))
        builder.append(UInt16(0))
        builder.append(index)
        builder.append(filterMask.rawValue)
    }
}

/// The top-level attribute types of `RTM_NEWSTATS` (`IFLA_STATS_*`).
public enum LinkStatisticsAttribute {
    /// `IFLA_STATS_LINK_64` (1): `struct rtnl_link_stats64`.
    public static let link64: UInt16 = 1
    /// `IFLA_STATS_LINK_XSTATS` (2): nested, the link kind's own statistics (bridge, bond).
    public static let linkExtended: UInt16 = 2
    /// `IFLA_STATS_LINK_XSTATS_SLAVE` (3): nested, the master kind's statistics of a port.
    public static let linkExtendedPort: UInt16 = 3
    /// `IFLA_STATS_LINK_OFFLOAD_XSTATS` (4): nested, offloaded traffic.
    public static let linkOffload: UInt16 = 4
    /// `IFLA_STATS_AF_SPEC` (5): nested by address family (MPLS ...).
    public static let addressFamily: UInt16 = 5

    /// `IFLA_OFFLOAD_XSTATS_CPU_HIT` (1) inside `IFLA_STATS_LINK_OFFLOAD_XSTATS`: `struct rtnl_link_stats64`
    /// of the packets that reached the CPU.
    public static let offloadCPUHit: UInt16 = 1
    /// `IFLA_OFFLOAD_XSTATS_HW_S_INFO` (2) inside `IFLA_STATS_LINK_OFFLOAD_XSTATS`: nested, per
    /// hardware statistics suite (``offloadL3Statistics``), whether it is asked for and in use.
    public static let offloadHardwareStatisticsInfo: UInt16 = 2
    /// `IFLA_OFFLOAD_XSTATS_L3_STATS` (3) inside `IFLA_STATS_LINK_OFFLOAD_XSTATS`:
    /// `struct rtnl_hw_stats64` of the traffic the hardware routed; inside
    /// ``offloadHardwareStatisticsInfo``, the L3 suite's nest.
    public static let offloadL3Statistics: UInt16 = 3
    /// `IFLA_OFFLOAD_XSTATS_HW_S_INFO_REQUEST` (1): u8, the suite is asked for.
    public static let hardwareStatisticsRequested: UInt16 = 1
    /// `IFLA_OFFLOAD_XSTATS_HW_S_INFO_USED` (2): u8, the hardware collects it.
    public static let hardwareStatisticsUsed: UInt16 = 2
    /// `IFLA_STATS_GET_FILTERS` (1), in a request: a nest of per-group masks (u32 by `IFLA_STATS_*`).
    public static let getFilters: UInt16 = 1
    /// `IFLA_STATS_SET_OFFLOAD_XSTATS_L3_STATS` (2), in `RTM_SETSTATS`: u8, 0 or 1.
    public static let setOffloadL3Statistics: UInt16 = 2
}

/// Which statistics to ask for: `filter_mask` of `struct if_stats_msg`, the bit of each
/// `IFLA_STATS_*` type being `IFLA_STATS_FILTER_BIT(ATTR)` = `1 << (ATTR - 1)`.
public struct LinkStatisticsFilter: OptionSet, Hashable, Sendable {
    /// The mask bits.
    public var rawValue: UInt32
    /// Creates a mask from its bits.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `IFLA_STATS_LINK_64`.
    public static let link64 = LinkStatisticsFilter(rawValue: 1 << 0)
    /// `IFLA_STATS_LINK_XSTATS`.
    public static let linkExtended = LinkStatisticsFilter(rawValue: 1 << 1)
    /// `IFLA_STATS_LINK_XSTATS_SLAVE`.
    public static let linkExtendedPort = LinkStatisticsFilter(rawValue: 1 << 2)
    /// `IFLA_STATS_LINK_OFFLOAD_XSTATS`.
    public static let linkOffload = LinkStatisticsFilter(rawValue: 1 << 3)
    /// `IFLA_STATS_AF_SPEC`.
    public static let addressFamily = LinkStatisticsFilter(rawValue: 1 << 4)
    /// Every group above.
    public static let all: LinkStatisticsFilter = [.link64, .linkExtended, .linkExtendedPort, .linkOffload, .addressFamily]
}
