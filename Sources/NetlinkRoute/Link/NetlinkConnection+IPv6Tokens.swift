import Netlink
import NetlinkCore

extension NetlinkConnection {
    /// The IPv6 tokens of the links with IPv6 (a dump of `RTM_GETLINK` for `AF_INET6`, like
    /// `ip token list`), in the kernel's order.
    public func ipv6Tokens(retries: Int = 3) async throws(NetlinkError) -> [IPv6Token] {
        try await dumpAll(type: RouteMessageType.getLink, fixedHeaderSize: InterfaceInfoMessage.size, retries: retries, { b in
            InterfaceInfoMessage(family: .inet6).encode(into: &b)
        }) { message in
            message.type == RouteMessageType.newLink ? try IPv6Token(decoding: message) : nil
        }
    }

    /// Sets the IPv6 token of link `index` (`::` removes it; `ip token set TOKEN dev NAME`).
    /// - Throws: the kernel's error: `EINVAL` on a loopback or `NOARP` link, or while the link
    ///   accepts router advertisements from nobody (`accept_ra` 0 and not forwarding).
    public func setIPv6Token(_ token: IPv6Address, index: Int32) async throws(NetlinkError) {
        try await execute(type: RouteMessageType.setLink, fixedHeaderSize: InterfaceInfoMessage.size) { b in
            InterfaceInfoMessage(family: .inet6, index: index).encode(into: &b)
            var inner = NetlinkMessageBuilder()
            try inner.appendAttribute(IPv6Token.tokenAttribute, ipv6: token)
            var family = NetlinkMessageBuilder()
            try family.appendNested(UInt16(AddressFamily.inet6.rawValue), encoded: inner.bytes)
            try b.appendNested(LinkAttribute.Details.addressFamilySpecific, encoded: family.bytes)
        }
    }
}
