import NetlinkCore

/// `struct sockaddr_nl` as laid out in memory (12 bytes), for the system calls.
///
/// The conformance tests check its size and field offsets against `<linux/netlink.h>`.
struct NetlinkSocketAddress {
    /// `nl_family`: `AF_NETLINK` (16).
    var family: UInt16 = 16
    /// `nl_pad`: zero.
    var pad: UInt16 = 0
    /// `nl_pid`: the port ID.
    var portID: UInt32 = 0
    /// `nl_groups`: the multicast group mask.
    var groups: UInt32 = 0

    init() {}

    init(_ address: NetlinkAddress) {
        portID = address.portID
        groups = address.groups
    }

    var address: NetlinkAddress { NetlinkAddress(portID: portID, groups: groups) }
}
