import NetlinkCore

/// The IPv6 interface token of a link (`ip token`): the interface identifier SLAAC uses for
/// the addresses it forms, `::` when none is set. Read from the `AF_INET6` link dump's
/// `IFLA_PROTINFO` (`IFLA_INET6_TOKEN`), set through `IFLA_AF_SPEC` → `AF_INET6`.
public struct IPv6Token: Hashable, Sendable {
    /// The link's index.
    public var index: Int32
    /// The link's `IFF_*` flags (ip leaves out loopback and `NOARP` links).
    public var flags: UInt32
    /// The token; `nil` when the kernel sent none (no token support).
    public var token: IPv6Address?

    /// Creates a value.
    public init(index: Int32, flags: UInt32 = 0, token: IPv6Address?) {
        self.index = index
        self.flags = flags
        self.token = token
    }

    /// `IFLA_PROTINFO` (12) of an `AF_INET6` link message.
    public static let protocolInfo: UInt16 = 12
    /// `IFLA_INET6_TOKEN` (7), inside `IFLA_PROTINFO` and `IFLA_AF_SPEC` → `AF_INET6`.
    public static let tokenAttribute: UInt16 = 7

    /// Decodes an `RTM_NEWLINK` of the `AF_INET6` dump; `nil` for another family or a message
    /// without `IFLA_PROTINFO`.
    /// - Throws: `NetlinkDecodingError` for a short header or a malformed attribute.
    public init?(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        let header = try InterfaceInfoMessage(decoding: message)
        guard header.family == .inet6 else { return nil }
        var attributes = try message.attributes(afterFixedHeader: InterfaceInfoMessage.size)
        var found: IPv6Address??
        while let attribute = try attributes.next() {
            guard attribute.type == Self.protocolInfo else { continue }
            var nested = try attribute.nested()
            var token: IPv6Address?
            while let inner = try nested.next() {
                if inner.type == Self.tokenAttribute, token == nil { token = try inner.ipv6Address() }
            }
            found = .some(token)
        }
        guard let found else { return nil }
        self.init(index: header.index, flags: header.flags, token: found)
    }
}
