import NetlinkCore

/// An address of an interface, as an `RTM_NEWADDR` (or `RTM_DELADDR`) message describes it.
///
/// IPv4 dumps send `IFA_LOCAL` and `IFA_ADDRESS` (the same address, or the local and the peer's of
/// a point-to-point address); IPv6 dumps send only `IFA_ADDRESS`, plus `IFA_LOCAL` with a peer.
/// ``localAddress`` and ``peer`` tell the two apart whatever the family.
public struct InterfaceAddress: Hashable, Sendable {
    /// The family (`ifa_family`): `AddressFamily.inet` or `AddressFamily.inet6`.
    public var family: AddressFamily
    /// The prefix length (`ifa_prefixlen`).
    public var prefixLength: UInt8
    /// The scope (`ifa_scope`).
    public var scope: AddressScope
    /// The interface index (`ifa_index`).
    public var index: Int32
    /// The flags: all 32 bits of `IFA_FLAGS` when present, else the 8 of `ifa_flags`.
    public var flags: AddressFlags
    /// `IFA_ADDRESS`: the prefix address, or the peer's of a point-to-point address.
    public var address: IPAddress?
    /// `IFA_LOCAL`: the local address.
    public var local: IPAddress?
    /// `IFA_LABEL`: the IPv4 label (the interface name, or `name:alias`).
    public var label: String?
    /// `IFA_BROADCAST`: the IPv4 broadcast address.
    public var broadcast: IPAddress?
    /// `IFA_ANYCAST`: an IPv6 anycast address.
    public var anycast: IPAddress?
    /// `IFA_MULTICAST`: an IPv6 multicast address.
    public var multicast: IPAddress?
    /// `IFA_CACHEINFO`: the remaining lifetimes and the time stamps.
    public var cacheInfo: AddressCacheInfo?
    /// `IFA_RT_PRIORITY`: the metric of the prefix route.
    public var priority: UInt32?
    /// `IFA_PROTO`: who added the address.
    public var `protocol`: AddressProtocol?
    /// `IFA_TARGET_NETNSID`: the namespace the address is in, in a dump of another namespace.
    public var targetNamespaceID: Int32?

    /// Creates an address value.
    public init(
        family: AddressFamily, prefixLength: UInt8, scope: AddressScope = .universe, index: Int32, flags: AddressFlags = [],
        address: IPAddress? = nil, local: IPAddress? = nil
    ) {
        self.family = family
        self.prefixLength = prefixLength
        self.scope = scope
        self.index = index
        self.flags = flags
        self.address = address
        self.local = local
    }

    /// Decodes an `RTM_NEWADDR` (or `RTM_DELADDR`) message. Unknown attributes are skipped.
    ///
    /// Address attributes must have the size of the family (4 bytes for IPv4, 16 for IPv6); those
    /// of other families (MCTP, Phonet ...) are skipped.
    /// - Throws: `NetlinkDecodingError` for a short header, a malformed attribute or one of the
    ///   wrong size.
    public init(decoding message: borrowing NetlinkMessage) throws(NetlinkDecodingError) {
        let header = try InterfaceAddressMessage(decoding: message)
        self.init(
            family: header.family, prefixLength: header.prefixLength, scope: AddressScope(rawValue: header.scope),
            index: Int32(bitPattern: header.index), flags: AddressFlags(rawValue: UInt32(header.flags)))
        var fullFlags: UInt32?
        var attributes = try message.attributes(afterFixedHeader: InterfaceAddressMessage.size)
        while let attribute = try attributes.next() {
            switch attribute.type {
            case AddressAttribute.address: address = try Self.ipAddress(attribute, family: family)
            case AddressAttribute.local: local = try Self.ipAddress(attribute, family: family)
            case AddressAttribute.label: label = attribute.string()
            case AddressAttribute.broadcast: broadcast = try Self.ipAddress(attribute, family: family)
            case AddressAttribute.anycast: anycast = try Self.ipAddress(attribute, family: family)
            case AddressAttribute.multicast: multicast = try Self.ipAddress(attribute, family: family)
            case AddressAttribute.cacheInfo: cacheInfo = try AddressCacheInfo(decoding: attribute)
            case AddressAttribute.flags: fullFlags = try attribute.uint32(.host)
            case AddressAttribute.routePriority: priority = try attribute.uint32(.host)
            case AddressAttribute.protocol: `protocol` = AddressProtocol(rawValue: try attribute.uint8())
            case AddressAttribute.targetNamespaceID: targetNamespaceID = try attribute.int32(.host)
            default: continue
            }
        }
        if let fullFlags { flags = AddressFlags(rawValue: fullFlags) }
    }

    /// An address attribute of the message's family, size checked; `nil` for a family that is not IP.
    private static func ipAddress(_ attribute: borrowing NetlinkAttribute, family: AddressFamily) throws(NetlinkDecodingError) -> IPAddress? {
        switch family {
        case AddressFamily.inet: .v4(try attribute.ipv4Address())
        case AddressFamily.inet6: .v6(try attribute.ipv6Address())
        default: nil
        }
    }

    /// The interface's own address: `IFA_LOCAL` when present, else `IFA_ADDRESS`.
    public var localAddress: IPAddress? { local ?? address }

    /// The interface's own address with the prefix length (`10.88.0.2/16`), as `ip address` prints it
    /// for an address without a peer; `nil` without an address.
    public var prefix: IPPrefix? { localAddress.flatMap { IPPrefix(address: $0, length: prefixLength) } }

    /// The peer of a point-to-point address: `IFA_ADDRESS` when it differs from `IFA_LOCAL`.
    public var peer: IPAddress? {
        guard let local, let address, local != address else { return nil }
        return address
    }
}

/// Names of the address attributes, for error paths and debug dumps.
public struct AddressAttributeNames: NetlinkAttributeNaming {
    /// Creates the table.
    public init() {}

    static let names: [UInt16: String] = [
        1: "IFA_ADDRESS", 2: "IFA_LOCAL", 3: "IFA_LABEL", 4: "IFA_BROADCAST", 5: "IFA_ANYCAST", 6: "IFA_CACHEINFO",
        7: "IFA_MULTICAST", 8: "IFA_FLAGS", 9: "IFA_RT_PRIORITY", 10: "IFA_TARGET_NETNSID", 11: "IFA_PROTO",
    ]

    public func attributeName(_ type: UInt16, parents: [UInt16]) -> String? {
        parents.isEmpty ? Self.names[type] : nil
    }
}
