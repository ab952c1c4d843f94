import Netlink
import NetlinkCore

extension NetlinkConnection {
    /// The netconf settings of every interface, plus `all` and `default`, of one family or of all
    /// (a dump of `RTM_GETNETCONF`, like `ip netconf show`).
    /// - Parameters:
    ///   - family: `AF_INET` (2), `AF_INET6` (10), or `AF_UNSPEC` (0) for every family.
    ///   - retries: How many times an interrupted dump (`NLM_F_DUMP_INTR`) is started again.
    public func netconfs(family: AddressFamily = 0, retries: Int = 5) async throws(NetlinkError) -> [Netconf] {
        try await dumpAll(type: RouteMessageType.getNetconf, fixedHeaderSize: NetconfMessage.size, retries: retries, { b in
            NetconfMessage(family: family).encode(into: &b)
        }) { message in
            message.type == RouteMessageType.newNetconf ? try Netconf(decoding: message) : nil
        }
    }

    /// The netconf settings of one interface, or of `all` (``NetconfAttribute/indexAll``) or `default`
    /// (``NetconfAttribute/indexDefault``) (`RTM_GETNETCONF` with `NETCONFA_IFINDEX`, like
    /// `ip netconf show dev NAME`).
    /// - Parameters:
    ///   - index: The interface, or ``NetconfAttribute/indexAll`` or ``NetconfAttribute/indexDefault``.
    ///   - family: `AF_INET` (2) or `AF_INET6` (10).
    /// - Throws: the kernel's error: `ENODEV` for an index with no interface.
    public func netconf(family: AddressFamily, index: Int32) async throws(NetlinkError) -> Netconf {
        let ack = try await execute(type: RouteMessageType.getNetconf, fixedHeaderSize: NetconfMessage.size) { b in
            NetconfMessage(family: family).encode(into: &b)
            try b.appendAttribute(NetconfAttribute.index, int32: index, .host)
        }
        return try ack.firstReply(missing: "no RTM_NEWNETCONF in the reply") { message throws(NetlinkDecodingError) in
            message.type == RouteMessageType.newNetconf ? try Netconf(decoding: message) : nil
        }
    }
}
