import NetlinkCore

/// The in-kernel MPTCP path manager's generic netlink family (`mptcp_pm`, `<linux/mptcp.h>`): its
/// endpoints (the local addresses it may announce or use for subflows) and its limits.
public enum MPTCPPathManager {
    /// `MPTCP_PM_NAME`.
    public static let familyName = "mptcp_pm"
    /// `MPTCP_PM_VER` (1).
    public static let version: UInt8 = 1
    /// `MPTCP_PM_EV_GRP_NAME`: the group of connection events.
    public static let eventGroupName = "mptcp_pm_events"

    /// `MPTCP_PM_CMD_ADD_ADDR` (1).
    public static let addAddress: UInt8 = 1
    /// `MPTCP_PM_CMD_DEL_ADDR` (2).
    public static let deleteAddress: UInt8 = 2
    /// `MPTCP_PM_CMD_GET_ADDR` (3): one endpoint by ID, or every endpoint with `NLM_F_DUMP`.
    public static let getAddress: UInt8 = 3
    /// `MPTCP_PM_CMD_FLUSH_ADDRS` (4).
    public static let flushAddresses: UInt8 = 4
    /// `MPTCP_PM_CMD_SET_LIMITS` (5).
    public static let setLimits: UInt8 = 5
    /// `MPTCP_PM_CMD_GET_LIMITS` (6).
    public static let getLimits: UInt8 = 6
    /// `MPTCP_PM_CMD_SET_FLAGS` (7).
    public static let setFlags: UInt8 = 7
}

/// The attributes of an `mptcp_pm` message (`MPTCP_PM_ATTR_*`).
public enum MPTCPAttribute {
    /// `MPTCP_PM_ATTR_ADDR` (1): nested, an endpoint (``Address``).
    public static let address: UInt16 = 1
    /// `MPTCP_PM_ATTR_RCV_ADD_ADDRS` (2): u32, the ADD_ADDR announcements accepted per connection.
    public static let receivedAddAddresses: UInt16 = 2
    /// `MPTCP_PM_ATTR_SUBFLOWS` (3): u32, the subflows per connection.
    public static let subflows: UInt16 = 3

    /// The attributes of an endpoint (`MPTCP_PM_ADDR_ATTR_*`).
    public enum Address {
        /// `MPTCP_PM_ADDR_ATTR_FAMILY` (1): u16, `AF_INET` or `AF_INET6`.
        public static let family: UInt16 = 1
        /// `MPTCP_PM_ADDR_ATTR_ID` (2): u8, the endpoint's ID.
        public static let id: UInt16 = 2
        /// `MPTCP_PM_ADDR_ATTR_ADDR4` (3): 4 bytes, network order.
        public static let ipv4: UInt16 = 3
        /// `MPTCP_PM_ADDR_ATTR_ADDR6` (4): 16 bytes.
        public static let ipv6: UInt16 = 4
        /// `MPTCP_PM_ADDR_ATTR_PORT` (5): u16, host order.
        public static let port: UInt16 = 5
        /// `MPTCP_PM_ADDR_ATTR_FLAGS` (6): u32, ``MPTCPEndpointFlags``.
        public static let flags: UInt16 = 6
        /// `MPTCP_PM_ADDR_ATTR_IF_IDX` (7): s32, the device.
        public static let interfaceIndex: UInt16 = 7
    }
}

/// What an endpoint is used for (`MPTCP_PM_ADDR_FLAG_*`).
public struct MPTCPEndpointFlags: OptionSet, Hashable, Sendable {
    /// The bits.
    public var rawValue: UInt32
    /// Creates flags from their bits.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `MPTCP_PM_ADDR_FLAG_SIGNAL`: announced to the peer (ADD_ADDR).
    public static let signal = MPTCPEndpointFlags(rawValue: 1 << 0)
    /// `MPTCP_PM_ADDR_FLAG_SUBFLOW`: used to open subflows.
    public static let subflow = MPTCPEndpointFlags(rawValue: 1 << 1)
    /// `MPTCP_PM_ADDR_FLAG_BACKUP`: subflows on it are backups.
    public static let backup = MPTCPEndpointFlags(rawValue: 1 << 2)
    /// `MPTCP_PM_ADDR_FLAG_FULLMESH`: a subflow to each of the peer's addresses.
    public static let fullmesh = MPTCPEndpointFlags(rawValue: 1 << 3)
    /// `MPTCP_PM_ADDR_FLAG_IMPLICIT`: made by the kernel for a subflow the peer opened.
    public static let implicit = MPTCPEndpointFlags(rawValue: 1 << 4)
}
