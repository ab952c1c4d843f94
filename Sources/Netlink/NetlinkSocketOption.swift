/// A netlink socket option at level `SOL_NETLINK` (270), open to values this code does not know.
public struct NetlinkSocketOption: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The option number.
    public var rawValue: Int32
    /// Creates an option from its number.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// The socket level of netlink options. The corresponding C constant is `SOL_NETLINK` (270).
    public static let level: Int32 = 270

    /// Join a multicast group (any number, not only 1–32).
    /// The corresponding C constant is `NETLINK_ADD_MEMBERSHIP` (1).
    public static let addMembership = NetlinkSocketOption(rawValue: 1)
    /// Leave a multicast group. The corresponding C constant is `NETLINK_DROP_MEMBERSHIP` (2).
    public static let dropMembership = NetlinkSocketOption(rawValue: 2)
    /// Pass the group of each multicast message as ancillary data (`struct nl_pktinfo`): the only
    /// way to know the group of groups above 32. The corresponding C constant is `NETLINK_PKTINFO` (3).
    public static let packetInfo = NetlinkSocketOption(rawValue: 3)
    /// Report errors of broadcast delivery to the sender.
    /// The corresponding C constant is `NETLINK_BROADCAST_ERROR` (4).
    public static let broadcastError = NetlinkSocketOption(rawValue: 4)
    /// Do not report receive-buffer overruns (`ENOBUFS`): messages are still lost, silently.
    /// Refused on sockets that carry requests. The corresponding C constant is `NETLINK_NO_ENOBUFS` (5).
    public static let noENOBUFS = NetlinkSocketOption(rawValue: 5)
    /// Memory-mapped receive ring; removed in Linux 4.6. The corresponding C constant is `NETLINK_RX_RING` (6).
    public static let receiveRing = NetlinkSocketOption(rawValue: 6)
    /// Memory-mapped transmit ring; removed in Linux 4.6. The corresponding C constant is `NETLINK_TX_RING` (7).
    public static let transmitRing = NetlinkSocketOption(rawValue: 7)
    /// Receive notifications from every namespace that has an ID in this one, tagged with that ID.
    /// The corresponding C constant is `NETLINK_LISTEN_ALL_NSID` (8).
    public static let listenAllNamespaceIDs = NetlinkSocketOption(rawValue: 8)
    /// Read the groups joined, as a bit array (read-only).
    /// The corresponding C constant is `NETLINK_LIST_MEMBERSHIPS` (9).
    public static let listMemberships = NetlinkSocketOption(rawValue: 9)
    /// Do not echo the request's payload in error messages.
    /// The corresponding C constant is `NETLINK_CAP_ACK` (10).
    public static let capAcknowledgement = NetlinkSocketOption(rawValue: 10)
    /// Ask for extended-ack TLVs (message, offset, ...) in errors and DONE.
    /// The corresponding C constant is `NETLINK_EXT_ACK` (11).
    public static let extendedAcknowledgement = NetlinkSocketOption(rawValue: 11)
    /// Strict checking of dump requests: headers validated, filters applied by the kernel.
    /// The corresponding C constant is `NETLINK_GET_STRICT_CHK` (12).
    public static let strictChecking = NetlinkSocketOption(rawValue: 12)

    public var description: String {
        switch rawValue {
        case 1: "NETLINK_ADD_MEMBERSHIP"
        case 2: "NETLINK_DROP_MEMBERSHIP"
        case 3: "NETLINK_PKTINFO"
        case 4: "NETLINK_BROADCAST_ERROR"
        case 5: "NETLINK_NO_ENOBUFS"
        case 6: "NETLINK_RX_RING"
        case 7: "NETLINK_TX_RING"
        case 8: "NETLINK_LISTEN_ALL_NSID"
        case 9: "NETLINK_LIST_MEMBERSHIPS"
        case 10: "NETLINK_CAP_ACK"
        case 11: "NETLINK_EXT_ACK"
        case 12: "NETLINK_GET_STRICT_CHK"
        default: "netlink option \(rawValue)"
        }
    }
}

/// The kind of a netlink socket: `SOCK_RAW` or `SOCK_DGRAM` (the same for netlink).
public enum NetlinkSocketType: Int32, Sendable {
    /// `SOCK_RAW`.
    case raw = 3
    /// `SOCK_DGRAM`.
    case datagram = 2
}
