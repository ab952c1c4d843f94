/// A netlink protocol: the third argument of `socket(AF_NETLINK, type, protocol)`, open to every value.
///
/// Each family carries its own messages. The values are those of `<linux/netlink.h>`; the removed
/// ones are kept so that their numbers have names. Families this kernel lacks fail at `socket()`
/// with `EPROTONOSUPPORT`.
public struct NetlinkFamily: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The protocol number.
    public var rawValue: Int32

    /// Creates a family from its protocol number.
    @inlinable
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Creates a family from its protocol number.
    @inlinable
    public init(_ rawValue: Int32) { self.rawValue = rawValue }

    /// Routing and device hooks: links, addresses, routes, neighbours, rules, nexthops, qdiscs
    /// (rtnetlink(7)). The corresponding C constant is `NETLINK_ROUTE` (0).
    public static let route = NetlinkFamily(0)
    /// Unused (once `NETLINK_SKIP`, then `NETLINK_W1`). The corresponding C constant is `NETLINK_UNUSED` (1).
    public static let unused = NetlinkFamily(1)
    /// Messages of the 1-wire subsystem, Linux 2.6.13 to 2.6.17 only; removed (the number is now
    /// ``unused``). The corresponding C constant was `NETLINK_W1` (1).
    public static let w1 = NetlinkFamily(1)
    /// Reserved for protocols between user-space processes; the kernel only relays.
    /// The corresponding C constant is `NETLINK_USERSOCK` (2).
    public static let userSocket = NetlinkFamily(2)
    /// Packets passed from the IPv4 netfilter to user space (ip_queue); removed in Linux 3.5.
    /// The corresponding C constant is `NETLINK_FIREWALL` (3).
    public static let firewall = NetlinkFamily(3)
    /// Socket monitoring: TCP, UDP, UNIX, packet and netlink sockets (sock_diag(7), `ss`).
    /// The corresponding C constant is `NETLINK_SOCK_DIAG` (4).
    public static let sockDiag = NetlinkFamily(4)
    /// The older name of ``sockDiag``. The corresponding C constant is `NETLINK_INET_DIAG` (4).
    public static let inetDiag = NetlinkFamily(4)
    /// Netfilter/iptables ULOG; removed in Linux 3.17. The corresponding C constant is `NETLINK_NFLOG` (5).
    public static let nflog = NetlinkFamily(5)
    /// IPsec: security associations and policies (`ip xfrm`). The corresponding C constant is `NETLINK_XFRM` (6).
    public static let xfrm = NetlinkFamily(6)
    /// SELinux event notifications. The corresponding C constant is `NETLINK_SELINUX` (7).
    public static let selinux = NetlinkFamily(7)
    /// Open-iSCSI. The corresponding C constant is `NETLINK_ISCSI` (8).
    public static let iscsi = NetlinkFamily(8)
    /// The audit subsystem (auditd). The corresponding C constant is `NETLINK_AUDIT` (9).
    public static let audit = NetlinkFamily(9)
    /// FIB lookups from user space. The corresponding C constant is `NETLINK_FIB_LOOKUP` (10).
    public static let fibLookup = NetlinkFamily(10)
    /// The kernel connector: process events and other small subsystems.
    /// The corresponding C constant is `NETLINK_CONNECTOR` (11).
    public static let connector = NetlinkFamily(11)
    /// Netfilter: nftables, conntrack, queues and logs. The corresponding C constant is `NETLINK_NETFILTER` (12).
    public static let netfilter = NetlinkFamily(12)
    /// Packets passed from the IPv6 netfilter to user space (ip6_queue); removed in Linux 3.5.
    /// The corresponding C constant is `NETLINK_IP6_FW` (13).
    public static let ip6Firewall = NetlinkFamily(13)
    /// DECnet routing messages; removed with DECnet (Linux 6.1).
    /// The corresponding C constant is `NETLINK_DNRTMSG` (14).
    public static let decnetRouting = NetlinkFamily(14)
    /// Kernel messages to user space: uevents for udev, as text.
    /// The corresponding C constant is `NETLINK_KOBJECT_UEVENT` (15).
    public static let kobjectUevent = NetlinkFamily(15)
    /// Generic netlink: families registered by name (nlctrl, ethtool, netdev, ...).
    /// The corresponding C constant is `NETLINK_GENERIC` (16).
    public static let generic = NetlinkFamily(16)
    /// Left free for device-mapper events (17). Named for completeness; no kernel registers it.
    public static let deviceMapper = NetlinkFamily(17)
    /// SCSI transports. The corresponding C constant is `NETLINK_SCSITRANSPORT` (18).
    public static let scsiTransport = NetlinkFamily(18)
    /// eCryptfs. The corresponding C constant is `NETLINK_ECRYPTFS` (19).
    public static let ecryptfs = NetlinkFamily(19)
    /// RDMA: InfiniBand and friends (`rdma` tool). The corresponding C constant is `NETLINK_RDMA` (20).
    public static let rdma = NetlinkFamily(20)
    /// The crypto layer's algorithm configuration. The corresponding C constant is `NETLINK_CRYPTO` (21).
    public static let crypto = NetlinkFamily(21)
    /// SMC socket monitoring. The corresponding C constant is `NETLINK_SMC` (22).
    public static let smc = NetlinkFamily(22)

    /// Every named protocol number, once each (synonyms and removed names folded into the current name).
    public static let allKnown: [NetlinkFamily] = [
        .route, .unused, .userSocket, .firewall, .sockDiag, .nflog, .xfrm, .selinux, .iscsi, .audit,
        .fibLookup, .connector, .netfilter, .ip6Firewall, .decnetRouting, .kobjectUevent, .generic,
        .scsiTransport, .ecryptfs, .rdma, .crypto, .smc,
    ]

    /// The C name of the family (`NETLINK_ROUTE`), or `netlink protocol N`.
    public var description: String {
        switch rawValue {
        case 0: "NETLINK_ROUTE"
        case 1: "NETLINK_UNUSED"
        case 2: "NETLINK_USERSOCK"
        case 3: "NETLINK_FIREWALL"
        case 4: "NETLINK_SOCK_DIAG"
        case 5: "NETLINK_NFLOG"
        case 6: "NETLINK_XFRM"
        case 7: "NETLINK_SELINUX"
        case 8: "NETLINK_ISCSI"
        case 9: "NETLINK_AUDIT"
        case 10: "NETLINK_FIB_LOOKUP"
        case 11: "NETLINK_CONNECTOR"
        case 12: "NETLINK_NETFILTER"
        case 13: "NETLINK_IP6_FW"
        case 14: "NETLINK_DNRTMSG"
        case 15: "NETLINK_KOBJECT_UEVENT"
        case 16: "NETLINK_GENERIC"
        case 18: "NETLINK_SCSITRANSPORT"
        case 19: "NETLINK_ECRYPTFS"
        case 20: "NETLINK_RDMA"
        case 21: "NETLINK_CRYPTO"
        case 22: "NETLINK_SMC"
        default: "netlink protocol \(rawValue)"
        }
    }
}
